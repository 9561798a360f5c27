/**
 * The one module that drives hls.js and the <video> element. It loads the window the
 * archive store names, keeps the player store current (clock, state, time map) and
 * offers the controls every component, shortcut and menu uses.
 */
import Hls, { ErrorDetails, Events, type ErrorData, type LevelDetails } from 'hls.js';
import { describeHlsError, isNoFootage, noFootageMessage } from './player-errors';
import { instantAtMedia, mediaAtInstant, type MappedFragment } from '../../shared/timemap';
import { parseInstant, US_PER_SECOND } from '../../shared/time';
import { playlistUrl } from '../bridge/media';
import { useArchive } from '../stores/archive';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { SPEEDS, useSettings } from '../stores/settings';

let video: HTMLVideoElement | undefined;
let container: HTMLElement | undefined;
let hls: Hls | undefined;
/** Instant to show once the new playlist's time map is known (keeps the playhead anchored). */
let pendingInstantUs: number | undefined;
let frameCallbackId: number | undefined;
let lastFrameMediaSeconds: number | undefined;
/** False until playback has shown two consecutive frames of this playlist. */
let frameDurationMeasured = false;
/** True from a seek until its frame is on screen; marks wait for it (see settled()). */
let seekPending = false;
/** Where the seek in flight goes (before the nudge), so quick repeated seeks add up exactly. */
let pendingTargetSeconds: number | undefined;
/** Counts seeks, so a late fallback timer of an earlier seek cannot settle a later one. */
let seekSerial = 0;
let settleWaiters: (() => void)[] = [];
/** If a seek lands on the frame already shown, no new frame is presented: stop waiting after this. */
const SETTLE_FALLBACK_MS = 400;

/**
 * The instant the last seek asked for. Fragment starts are estimates from EXTINF until
 * hls.js parses the footage (a truncated suspect segment is shorter than it claims), so
 * a seek is checked against the map once its frame shows, and corrected when it missed.
 */
let seekTargetUs: number | undefined;
let seekCorrections = 0;
const MAX_SEEK_CORRECTIONS = 3;

/**
 * True when the seek was re-aimed because the frame shown does not contain the target:
 * the map moved (footage parsed), or the target is the first frame of a segment whose
 * video starts a moment after its audio, so the previous segment's last frame still shows.
 */
function correctSeek(): boolean {
  if (seekTargetUs === undefined || lastFrameMediaSeconds === undefined || seekCorrections >= MAX_SEEK_CORRECTIONS) return false;
  const fragments = currentFragments();
  const position = mediaAtInstant(fragments, seekTargetUs);
  const shownUs = instantAtMedia(fragments, lastFrameMediaSeconds);
  if (position === undefined || position.inHole || shownUs === undefined) return false;
  const frameSeconds = usePlayer.getState().frameSeconds;
  const frameUs = frameSeconds * US_PER_SECOND;
  if (shownUs <= seekTargetUs && seekTargetUs < shownUs + frameUs) return false;
  const early = shownUs + frameUs <= seekTargetUs;
  seekCorrections++;
  seekMedia(early ? Math.max(position.mediaSeconds, lastFrameMediaSeconds + frameSeconds) : position.mediaSeconds, seekTargetUs);
  return true;
}

/** Ends the seek in flight, landed or not, and releases everything waiting for it. */
function endSeek(): void {
  seekTargetUs = undefined;
  seekPending = false;
  const waiters = settleWaiters;
  settleWaiters = [];
  for (const resolve of waiters) resolve();
}

function settle(): void {
  if (!correctSeek()) endSeek();
}

/** Resolves once the last seek's frame is on screen, so the clock names the frame the user sees. */
export function settled(): Promise<void> {
  if (!seekPending) return Promise.resolve();
  return new Promise((resolve) => settleWaiters.push(resolve));
}

/**
 * The date-time tag names the segment's first frame. Once hls.js has parsed a segment,
 * its video's first timestamp says where that frame sits on the media timeline (audio
 * may start a little earlier or later); before that, the playlist's estimate stands.
 */
function fragmentsOf(details: LevelDetails): MappedFragment[] {
  const fragments: MappedFragment[] = [];
  for (const fragment of details.fragments) {
    if (fragment.rawProgramDateTime === null) continue;
    const video = fragment.elementaryStreams.video;
    fragments.push({
      mediaStartSeconds: video ? video.startPTS : fragment.start,
      durationSeconds: video ? video.endPTS - video.startPTS : fragment.duration,
      instantUs: parseInstant(fragment.rawProgramDateTime),
    });
  }
  return fragments;
}

function currentFragments(): readonly MappedFragment[] {
  return usePlayer.getState().fragments;
}

/** The clock follows the frame on screen, not the decoder: updated per presented frame. */
function showMediaTime(mediaSeconds: number): void {
  usePlayer.setState((s) => ({ mediaSeconds, instantUs: instantAtMedia(s.fragments, mediaSeconds) ?? s.instantUs, frameCount: s.frameCount + 1 }));
}

function watchFrames(element: HTMLVideoElement): void {
  const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
    const previous = lastFrameMediaSeconds;
    lastFrameMediaSeconds = metadata.mediaTime;
    if (previous !== undefined && !element.paused) learnFrameDuration(metadata.mediaTime - previous);
    showMediaTime(metadata.mediaTime);
    if (seekPending && !element.seeking) settle();
    frameCallbackId = element.requestVideoFrameCallback(onFrame);
  };
  frameCallbackId = element.requestVideoFrameCallback(onFrame);
}

/** Consecutive presented frames are one frame apart at most; the smallest gap is the frame duration. */
function learnFrameDuration(deltaSeconds: number): void {
  if (deltaSeconds < 1 / 240 || deltaSeconds > 1 / 5) return;
  if (frameDurationMeasured && deltaSeconds >= usePlayer.getState().frameSeconds - 1e-4) return;
  frameDurationMeasured = true;
  usePlayer.setState({ frameSeconds: deltaSeconds });
}

function onHlsError(_event: Events.ERROR, data: ErrorData): void {
  // An empty window is not fatal to hls.js (an open playlist may still grow) but is to the user.
  if (data.details === ErrorDetails.LEVEL_EMPTY_ERROR) showNoFootage();
  // hls.js retries segments for a while before giving up: say so at once, the picture is stuck meanwhile.
  if (data.details === ErrorDetails.FRAG_LOAD_ERROR && !data.fatal) useNotice.getState().show(`${describeHlsError(data)} Retrying…`, 'error');
  if (!data.fatal || hls === undefined) return;
  if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
    hls.recoverMediaError();
    return;
  }
  endSeek();
  usePlayer.setState({ status: 'error', error: describeHlsError(data), noFootage: isNoFootage(data), playing: false });
}

function showNoFootage(): void {
  usePlayer.setState({ status: 'error', error: noFootageMessage(), noFootage: true });
}

function onLevelDetails(details: LevelDetails): void {
  const fragments = fragmentsOf(details);
  usePlayer.setState({ fragments, live: details.live });
  if (fragments.length === 0) {
    showNoFootage();
    return;
  }
  if (usePlayer.getState().status !== 'ready') usePlayer.setState({ status: 'ready', error: undefined, noFootage: false });
  if (pendingInstantUs !== undefined) {
    const instantUs = pendingInstantUs;
    pendingInstantUs = undefined;
    seekInstant(instantUs);
  } else if (usePlayer.getState().instantUs === undefined) {
    usePlayer.setState({ instantUs: fragments[0]!.instantUs });
  }
}

/** hls.js moves fragment starts to their real timestamps once parsed; follow it. */
function refreshFragments(): void {
  const level = hls?.levels[Math.max(hls.currentLevel, 0)];
  if (level?.details) usePlayer.setState({ fragments: fragmentsOf(level.details) });
}

function unload(): void {
  // A seek into the playlist going away never lands; whoever waits for it must not wait forever.
  endSeek();
  hls?.destroy();
  hls = undefined;
  lastFrameMediaSeconds = undefined;
  frameDurationMeasured = false;
}

/** Loads a playlist; `anchorUs` is the instant to show first (the previous playhead). */
function load(url: string, anchorUs: number | undefined): void {
  unload();
  if (video === undefined) return;
  pendingInstantUs = anchorUs;
  usePlayer.setState({ status: 'loading', error: undefined, noFootage: false, fragments: [], playing: false, instantUs: anchorUs, frameSeconds: 1 / 30 });
  const instance = new Hls({ startPosition: 0, maxBufferLength: 20, backBufferLength: 30, enableWorker: true });
  instance.on(Events.ERROR, onHlsError);
  instance.on(Events.LEVEL_LOADED, (_e, data) => onLevelDetails(data.details));
  instance.on(Events.FRAG_BUFFERED, refreshFragments);
  instance.loadSource(url);
  instance.attachMedia(video);
  hls = instance;
}

function loadFromArchive(): void {
  const { channel, quality, window } = useArchive.getState();
  if (channel === undefined || quality === undefined || window === undefined) {
    unload();
    usePlayer.setState({ status: 'empty', fragments: [], instantUs: undefined });
    return;
  }
  const previousUs = usePlayer.getState().instantUs;
  const anchorUs = previousUs !== undefined && previousUs >= window.startUs && previousUs < window.endUs ? previousUs : undefined;
  load(playlistUrl(channel, quality, window.startUs, window.endUs), anchorUs);
}

function applyVolume(): void {
  if (video === undefined) return;
  const { volume, muted } = useSettings.getState();
  video.volume = volume;
  video.muted = muted;
}

/** Reloads whenever the channel, quality or window changes. Returns the unsubscribe. */
export function followArchive(): () => void {
  const stopArchive = useArchive.subscribe((state, previous) => {
    if (state.channel !== previous.channel || state.quality !== previous.quality || state.window !== previous.window) loadFromArchive();
  });
  const stopSettings = useSettings.subscribe(applyVolume);
  return () => {
    stopArchive();
    stopSettings();
  };
}

/** Elements whose events already feed the store (React may attach the same one twice). */
const wiredVideos = new WeakSet<HTMLVideoElement>();

function wireEvents(element: HTMLVideoElement): void {
  if (wiredVideos.has(element)) return;
  wiredVideos.add(element);
  element.addEventListener('play', () => usePlayer.setState({ playing: true }));
  element.addEventListener('pause', () => usePlayer.setState({ playing: false }));
  element.addEventListener('ratechange', () => usePlayer.setState({ speed: element.playbackRate }));
  element.addEventListener('seeked', () => {
    const serial = seekSerial;
    setTimeout(() => {
      if (!seekPending || serial !== seekSerial || element.seeking) return;
      // No new frame was presented: the one already on screen is the one at the target.
      if (lastFrameMediaSeconds !== undefined) showMediaTime(lastFrameMediaSeconds);
      settle();
    }, SETTLE_FALLBACK_MS);
  });
  element.addEventListener('volumechange', () => {
    const settings = useSettings.getState();
    if (settings.volume !== element.volume) settings.setVolume(element.volume);
    if (settings.muted !== element.muted) settings.setMuted(element.muted);
  });
}

/** Called by the Player component when its <video> mounts (and with undefined when it unmounts). */
export function attachVideo(element: HTMLVideoElement | undefined, frame: HTMLElement | undefined): void {
  if (video !== undefined && frameCallbackId !== undefined) video.cancelVideoFrameCallback(frameCallbackId);
  unload();
  video = element;
  container = frame;
  if (element === undefined) return;
  wireEvents(element);
  applyVolume();
  watchFrames(element);
  loadFromArchive();
}

export function play(): void {
  void video?.play().catch(() => undefined);
}

export function pause(): void {
  video?.pause();
}

export function togglePlay(): void {
  if (video === undefined) return;
  if (video.paused) play();
  else pause();
}

/** Lands inside the frame that starts at a media time, whatever rounding the decoder applies. */
const FRAME_NUDGE_SECONDS = 0.0005;

function seekMedia(mediaSeconds: number, targetUs?: number): void {
  // With no footage there is nothing to seek in, and the element would never report a landing.
  if (video === undefined || currentFragments().length === 0) return;
  if (targetUs === undefined) seekCorrections = 0;
  seekTargetUs = targetUs;
  const last = currentFragments()[currentFragments().length - 1];
  const endSeconds = last ? last.mediaStartSeconds + last.durationSeconds : video.duration || 0;
  const targetSeconds = Math.min(Math.max(mediaSeconds, 0), Math.max(0, endSeconds - 0.001));
  seekPending = true;
  seekSerial++;
  pendingTargetSeconds = targetSeconds;
  video.currentTime = targetSeconds + FRAME_NUDGE_SECONDS;
  // Until the frame is presented the clock shows the target, so the UI follows at once.
  usePlayer.setState((s) => ({ instantUs: instantAtMedia(s.fragments, targetSeconds) ?? s.instantUs }));
}

/** Media time of the frame on screen (while paused) or of playback. */
function shownMediaSeconds(): number {
  if (video === undefined) return 0;
  if (seekPending && pendingTargetSeconds !== undefined) return pendingTargetSeconds;
  return video.paused && lastFrameMediaSeconds !== undefined ? lastFrameMediaSeconds : video.currentTime;
}

/** Shows the frame at a wall-clock instant (or the next footage when it is in a hole). */
export function seekInstant(instantUs: number): void {
  const position = mediaAtInstant(currentFragments(), instantUs);
  if (position === undefined) {
    pendingInstantUs = instantUs;
    return;
  }
  seekCorrections = 0;
  seekMedia(position.mediaSeconds, position.inHole ? undefined : instantUs);
}

/** Moves by footage seconds from the frame on screen: holes are skipped, not counted. */
export function seekBy(offsetSeconds: number): void {
  seekMedia(shownMediaSeconds() + offsetSeconds);
}

/** Jumps to a fraction (0..1) of the loaded footage. */
export function seekFraction(fraction: number): void {
  const last = currentFragments()[currentFragments().length - 1];
  if (last !== undefined) seekMedia((last.mediaStartSeconds + last.durationSeconds) * fraction);
}

export function stepFrames(frames: number): void {
  if (video === undefined) return;
  pause();
  seekMedia(shownMediaSeconds() + frames * usePlayer.getState().frameSeconds);
}

export function setSpeed(speed: number): void {
  if (video !== undefined) video.playbackRate = speed;
}

export function changeSpeed(steps: number): void {
  const current = usePlayer.getState().speed;
  const index = SPEEDS.findIndex((s) => s >= current);
  const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (index < 0 ? SPEEDS.length - 1 : index) + steps))]!;
  setSpeed(next);
}

export function toggleMute(): void {
  const settings = useSettings.getState();
  settings.setMuted(!settings.muted);
}

export function setVolume(volume: number): void {
  const settings = useSettings.getState();
  settings.setVolume(volume);
  if (volume > 0 && settings.muted) settings.setMuted(false);
}

export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void container?.requestFullscreen().catch(() => undefined);
}

/** Reloads the current window (after an error, or when the drive came back). */
export function reload(): void {
  loadFromArchive();
}
