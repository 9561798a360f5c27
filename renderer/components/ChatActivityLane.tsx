/**
 * The chat-activity lane under the timeline: lines per 5 s across the whole window,
 * drawn as bars like the waveform, bursts marked, the playhead on it; click to seek.
 */
import { useEffect, useRef, useState } from 'react';
import { jumpToBurst } from '../chat/burst-jump';
import * as player from '../player/player';
import { useArchive } from '../stores/archive';
import { useChat, type ChatActivityView } from '../stores/chat';
import { usePlayer } from '../stores/player';

const LANE_HEIGHT_PX = 30;
const COLORS = { background: '#15181d', bar: '#b48ee0', burst: '#ffb347', playhead: '#ff4d4d' };

/** The busiest bin under each pixel column, so a short burst stays visible however far out the lane is. */
function columnPeaks(activity: ChatActivityView, startUs: number, endUs: number, widthPx: number): number[] {
  const peaks = new Array<number>(widthPx).fill(0);
  const usPerPx = (endUs - startUs) / widthPx;
  activity.counts.forEach((count, index) => {
    const binStartUs = activity.startUs + index * activity.binUs;
    const first = Math.floor((binStartUs - startUs) / usPerPx);
    const last = Math.floor((binStartUs + activity.binUs - 1 - startUs) / usPerPx);
    for (let x = Math.max(0, first); x <= Math.min(widthPx - 1, last); x++) peaks[x] = Math.max(peaks[x]!, count);
  });
  return peaks;
}

export function ChatActivityLane() {
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [widthPx, setWidthPx] = useState(800);
  const window = useArchive((s) => s.window)!;
  const activity = useChat((s) => s.activity);
  const bursts = useChat((s) => s.bursts);
  const playheadUs = usePlayer((s) => s.instantUs);

  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidthPx(Math.max(100, element.clientWidth)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !canvas.current) return;
    const ratio = globalThis.devicePixelRatio || 1;
    canvas.current.width = Math.round(widthPx * ratio);
    canvas.current.height = Math.round(LANE_HEIGHT_PX * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = COLORS.background;
    ctx.fillRect(0, 0, widthPx, LANE_HEIGHT_PX);
    const xOf = (instantUs: number) => ((instantUs - window.startUs) / (window.endUs - window.startUs)) * widthPx;
    if (activity && activity.peak > 0) {
      ctx.fillStyle = COLORS.bar;
      columnPeaks(activity, window.startUs, window.endUs, widthPx).forEach((peak, x) => {
        if (peak === 0) return;
        const heightPx = Math.max(1, (peak / activity.peak) * (LANE_HEIGHT_PX - 4));
        ctx.fillRect(x, LANE_HEIGHT_PX - heightPx, 1, heightPx);
      });
    }
    ctx.fillStyle = COLORS.burst;
    for (const burst of bursts) ctx.fillRect(Math.round(xOf(burst.startUs)) - 1, 0, 3, 5);
    if (playheadUs !== undefined) {
      ctx.fillStyle = COLORS.playhead;
      ctx.fillRect(Math.round(xOf(playheadUs)), 0, 1, LANE_HEIGHT_PX);
    }
  }, [activity, bursts, playheadUs, widthPx, window]);

  const seekAt = (clientX: number) => {
    const left = canvas.current!.getBoundingClientRect().left;
    player.seekInstant(window.startUs + ((clientX - left) / widthPx) * (window.endUs - window.startUs));
  };

  return (
    <section className="chat-lane" aria-label="Chat activity">
      <div className="chat-lane-tools">
        <span className="muted">Chat activity{activity ? ` · ${bursts.length} burst${bursts.length === 1 ? '' : 's'}` : ''}</span>
        <button onClick={() => void jumpToBurst(-1)} disabled={bursts.length === 0} title="Previous burst (Shift+N)">
          ◀ Burst
        </button>
        <button onClick={() => void jumpToBurst(1)} disabled={bursts.length === 0} title="Next burst (N)">
          Burst ▶
        </button>
      </div>
      <div ref={wrapper} className="chat-lane-canvas">
        <canvas
          ref={canvas}
          data-testid="chat-activity"
          data-bursts={bursts.map((burst) => burst.startUs).join(',')}
          data-peak={activity?.peak ?? ''}
          style={{ width: widthPx, height: LANE_HEIGHT_PX }}
          onPointerDown={(event) => seekAt(event.clientX)}
        />
      </div>
    </section>
  );
}
