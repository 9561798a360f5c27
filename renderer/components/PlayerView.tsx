/** The video, its overlays (loading, errors; notices sit in the timeline's tool row, off the picture) and the transport: play, frames, clock, speed, volume. */
import { useCallback } from 'react';
import { clockSuffix, formatClock } from '../../shared/timeformat';
import { formatInstant, US_PER_HOUR } from '../../shared/time';
import * as player from '../player/player';
import { usePreview } from '../preview/preview-mode';
import { PreviewButton, PreviewClock } from '../preview/PreviewView';
import { takeSnapshot } from '../publish/snapshot';
import { useArchive } from '../stores/archive';
import { nearestFootageHour } from '../stores/nearest-footage';
import { usePlayer } from '../stores/player';
import { SPEEDS, useSettings } from '../stores/settings';

function Clock() {
  const instantUs = usePlayer((s) => s.instantUs);
  const seeking = usePlayer((s) => s.seeking);
  const clock = useSettings((s) => s.clock);
  // While a seek is on its way the clock still names the frame on screen; data-seeking says it is about to change.
  return (
    <output className="clock" aria-label="Clock" data-instant={instantUs === undefined ? '' : formatInstant(instantUs)} data-seeking={seeking || undefined}>
      {instantUs === undefined ? '—' : formatClock(instantUs, clock, 3)} <small>{clockSuffix(clock)}</small>
    </output>
  );
}

/** Reloading a window with no footage shows the same nothing: offer the nearest hour that has some. */
function NearestFootageButton() {
  const window = useArchive((s) => s.window);
  const hours = useArchive((s) => s.hours);
  const setWindow = useArchive((s) => s.setWindow);
  const clock = useSettings((s) => s.clock);
  const nearest = window && nearestFootageHour(hours, window);
  if (nearest === undefined) return null;
  const go = () => setWindow({ startUs: nearest.hourStartUs, endUs: nearest.hourStartUs + US_PER_HOUR });
  return (
    <button onClick={go}>
      Load the nearest hour with footage, from {formatClock(nearest.hourStartUs, clock, 0)} {clockSuffix(clock)}
    </button>
  );
}

function Overlay() {
  const status = usePlayer((s) => s.status);
  const error = usePlayer((s) => s.error);
  const noFootage = usePlayer((s) => s.noFootage);
  if (status === 'error') {
    return (
      <div className="player-overlay error" role="alert">
        <p className="player-error">{error}</p>
        {noFootage ? <NearestFootageButton /> : <button onClick={player.reload}>Reload the window</button>}
      </div>
    );
  }
  if (status === 'loading') return <div className="player-overlay">Loading…</div>;
  return null;
}

function Transport() {
  const playing = usePlayer((s) => s.playing);
  const speed = usePlayer((s) => s.speed);
  const live = usePlayer((s) => s.live);
  // No frame on screen (no footage, an error, still loading): these buttons would do nothing.
  const noFrame = usePlayer((s) => s.instantUs === undefined);
  const volume = useSettings((s) => s.volume);
  const muted = useSettings((s) => s.muted);
  const previewing = usePreview((s) => s.url !== undefined);
  return (
    <div className="transport">
      <button disabled={noFrame} onClick={() => player.stepFrames(-1)} title="Previous frame (,)" aria-label="Previous frame">
        ‹ frame
      </button>
      <button className="play" disabled={noFrame} onClick={player.togglePlay} title="Play / pause (Space, K)" aria-label={playing ? 'Pause' : 'Play'}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button disabled={noFrame} onClick={() => player.stepFrames(1)} title="Next frame (.)" aria-label="Next frame">
        frame ›
      </button>
      {previewing ? <PreviewClock /> : <Clock />}
      <PreviewButton />
      {live && !previewing && (
        <span className="badge" title="The window reaches past the last recorded segment; new footage appears as it is recorded.">
          open end
        </span>
      )}
      <span className="spacer" />
      <label title="Speed (= faster, - slower, Backspace normal)">
        <span className="transport-caption">Speed</span>
        <select aria-label="Speed" value={speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button onClick={player.toggleMute} title="Mute (M)" aria-label={muted ? 'Unmute' : 'Mute'}>
        {muted ? 'Unmute' : 'Mute'}
      </button>
      <input
        type="range"
        aria-label="Volume"
        min={0}
        max={1}
        step={0.05}
        value={muted ? 0 : volume}
        onChange={(e) => player.setVolume(Number(e.target.value))}
      />
      <button disabled={noFrame} onClick={() => void takeSnapshot('png')} title="Save the frame on screen (S; JPEG: Shift+S)" aria-label="Snapshot">
        Snapshot
      </button>
      <button onClick={player.toggleFullscreen} title="Fullscreen (F)" aria-label="Fullscreen">
        Full screen
      </button>
    </div>
  );
}

export function PlayerView() {
  // The frame's ref runs after its children mounted, so the <video> is there to attach;
  // the cleanup it returns runs when the frame unmounts.
  const attach = useCallback((frame: HTMLDivElement | null) => {
    const video = frame?.querySelector('video');
    if (!frame || !video) return;
    return player.attachPlayer(video, frame);
  }, []);
  return (
    <section className="player" aria-label="Player">
      <div className="video-frame" ref={attach}>
        <video playsInline onClick={player.togglePlay} />
        <Overlay />
      </div>
      <Transport />
    </section>
  );
}
