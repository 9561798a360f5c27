/**
 * The canvas timeline of the loaded window: wheel to zoom (Shift+wheel to pan), click
 * or drag to seek, drag a range's edge to move it, hover for a frame thumbnail.
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { coveredSpans } from '../../shared/timemap';
import { formatClock, formatElapsed, zoneOffsetUs } from '../../shared/timeformat';
import { parseInstant, US_PER_SECOND } from '../../shared/time';
import type { DocRange } from '../edit/document';
import { afterPendingActions } from '../keyboard/actions';
import * as player from '../player/player';
import { useArchive } from '../stores/archive';
import { useDamage } from '../stores/damage-notice';
import { useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';
import { HoverThumbnail } from './HoverThumbnail';
import { Notice } from './Notice';
import { LANES, TIMELINE_HEIGHT_PX, drawTimeline } from '../timeline/draw';
import { useWaveform } from '../timeline/waveform';
import { clampView, instantAt, xOf, zoomView, type TimelineView } from '../timeline/scale';

const EDGE_GRAB_PX = 6;
/** The performance measure each canvas redraw records (bench/editor.ts reads it by this name). */
const DRAW_MEASURE = 'trimdesk timeline draw';

type Drag = { kind: 'seek' } | { kind: 'edge'; id: string; edge: 'start' | 'end'; previewUs: number };

function useWidth(element: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(100, target.clientWidth)));
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

function edgeAt(ranges: readonly DocRange[], view: TimelineView, xPx: number): { id: string; edge: 'start' | 'end' } | undefined {
  for (const range of ranges) {
    if (Math.abs(xOf(view, range.startUs) - xPx) <= EDGE_GRAB_PX) return { id: range.id, edge: 'start' };
    if (range.endUs !== null && Math.abs(xOf(view, range.endUs) - xPx) <= EDGE_GRAB_PX) return { id: range.id, edge: 'end' };
  }
  return undefined;
}

/** Why the segment at `instantUs` is damaged, when playback got through it; undefined elsewhere. */
function damageAt(recovered: readonly { start: string; end: string; why: string }[], instantUs: number): string | undefined {
  return recovered.find((entry) => instantUs >= parseInstant(entry.start) && instantUs < parseInstant(entry.end))?.why;
}

/** A hole has no frame to fetch: the thumbnail says so instead of showing a broken image. */
function hasFootageAt(footage: readonly { startUs: number; endUs: number }[], instantUs: number): boolean {
  return footage.some((span) => instantUs >= span.startUs && instantUs < span.endUs);
}

export function Timeline() {
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const widthPx = useWidth(wrapper);
  const { channel, quality, untrusted } = useArchive(useShallow((s) => ({ channel: s.channel, quality: s.quality, untrusted: s.untrusted })));
  const window = useArchive((s) => s.window)!;
  const fragments = usePlayer((s) => s.fragments);
  const recovered = useDamage((s) => s.recovered);
  const playheadUs = usePlayer((s) => s.instantUs);
  const playing = usePlayer((s) => s.playing);
  const ranges = useEdit((s) => s.history.present.ranges);
  const selectedId = useEdit((s) => s.selectedId);
  const clock = useSettings((s) => s.clock);
  const [span, setSpan] = useState({ startUs: window.startUs, endUs: window.endUs });
  const [hover, setHover] = useState<{ instantUs: number; xPx: number }>();
  const [thumbnailUs, setThumbnailUs] = useState<number>();
  const drag = useRef<Drag>(undefined);
  const [edgePreview, setEdgePreview] = useState<{ id: string; edge: 'start' | 'end'; instantUs: number }>();

  useEffect(() => setSpan({ startUs: window.startUs, endUs: window.endUs }), [window]);
  const view: TimelineView = useMemo(() => ({ ...span, widthPx }), [span, widthPx]);
  const footage = useMemo(() => coveredSpans(fragments), [fragments]);
  const damaged = useMemo(() => recovered.map((entry) => ({ startUs: parseInstant(entry.start), endUs: parseInstant(entry.end) })), [recovered]);
  const waveform = useWaveform(channel, quality, view, footage);

  // While playing, page the view along so the playhead stays visible.
  useEffect(() => {
    if (!playing || playheadUs === undefined || (playheadUs >= span.startUs && playheadUs <= span.endUs)) return;
    const widthUs = span.endUs - span.startUs;
    setSpan(clampView(playheadUs - widthUs * 0.1, playheadUs + widthUs * 0.9, window));
  }, [playing, playheadUs, span, window]);

  useEffect(() => {
    if (hover === undefined) return;
    const timer = setTimeout(() => setThumbnailUs(hover.instantUs), 250);
    return () => clearTimeout(timer);
  }, [hover]);

  const shownRanges = useMemo(() => {
    if (edgePreview === undefined) return ranges;
    return ranges.map((r) =>
      r.id !== edgePreview.id ? r : edgePreview.edge === 'start' ? { ...r, startUs: edgePreview.instantUs } : { ...r, endUs: edgePreview.instantUs },
    );
  }, [ranges, edgePreview]);

  useEffect(() => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return;
    const drawStartMs = performance.now();
    const ratio = globalThis.devicePixelRatio || 1;
    element.width = Math.round(widthPx * ratio);
    element.height = Math.round(TIMELINE_HEIGHT_PX * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const localOriginUs = -zoneOffsetUs(clock.timeZone, view.startUs);
    drawTimeline(ctx, {
      view,
      heightPx: TIMELINE_HEIGHT_PX,
      window,
      footage,
      untrusted,
      damaged,
      waveform,
      ranges: shownRanges,
      selectedId,
      playheadUs,
      hoverUs: hover?.instantUs,
      tickOriginUs: clock.format === 'bus' ? clock.busStartUs : clock.format === 'local' ? localOriginUs : 0,
      tickLabel: (instantUs, stepUs) => {
        const precision = stepUs < US_PER_SECOND ? 3 : 0;
        if (clock.format === 'bus') return formatElapsed(instantUs - clock.busStartUs, precision);
        return formatClock(instantUs, clock, precision).slice(11);
      },
    });
    // A User Timing entry per redraw, for profiles and bench/editor.ts. Only the latest is
    // kept in the buffer: playback redraws every frame, and measures would pile up.
    performance.clearMeasures(DRAW_MEASURE);
    performance.measure(DRAW_MEASURE, { start: drawStartMs });
  }, [view, widthPx, window, footage, untrusted, damaged, waveform, shownRanges, selectedId, playheadUs, hover, clock]);

  const xOfEvent = (event: { clientX: number }) => event.clientX - canvas.current!.getBoundingClientRect().left;
  const yOfEvent = (event: { clientY: number }) => event.clientY - canvas.current!.getBoundingClientRect().top;

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const xPx = xOfEvent(event);
    const instantUs = instantAt(view, xPx);
    canvas.current!.setPointerCapture(event.pointerId);
    if (yOfEvent(event) >= LANES.ranges.top) {
      const edge = edgeAt(ranges, view, xPx);
      if (edge) {
        useEdit.getState().select(edge.id);
        drag.current = { kind: 'edge', ...edge, previewUs: instantUs };
        setEdgePreview({ ...edge, instantUs });
        return;
      }
      const hit = [...ranges].reverse().find((r) => r.endUs !== null && instantUs >= r.startUs && instantUs < r.endUs);
      if (hit) useEdit.getState().select(hit.id);
    }
    drag.current = { kind: 'seek' };
    player.seekInstant(instantUs);
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const xPx = xOfEvent(event);
    const instantUs = instantAt(view, xPx);
    setHover({ instantUs, xPx });
    const current = drag.current;
    if (current?.kind === 'seek') player.seekInstant(instantUs);
    if (current?.kind === 'edge') {
      current.previewUs = instantUs;
      setEdgePreview({ id: current.id, edge: current.edge, instantUs });
    }
    canvas.current!.style.cursor = yOfEvent(event) >= LANES.ranges.top && edgeAt(ranges, view, xPx) ? 'ew-resize' : 'pointer';
  };

  const onPointerUp = () => {
    const current = drag.current;
    drag.current = undefined;
    if (current?.kind !== 'edge') return;
    setEdgePreview(undefined);
    // After the shortcuts pressed before it (an O still waiting for its seek would land over
    // the dragged end), and with the range's other bound as it is then.
    afterPendingActions('Drag a range edge', () => {
      const edit = useEdit.getState();
      if (current.edge === 'start') edit.setStart(current.id, current.previewUs);
      else edit.setEnd(current.id, current.previewUs);
    });
  };

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    // A native listener: React's wheel handler is passive and cannot stop the page scrolling.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const widthUs = span.endUs - span.startUs;
      const pan = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
      if (pan) {
        const deltaPx = event.shiftKey ? event.deltaY : event.deltaX;
        setSpan(clampView(span.startUs + (deltaPx / widthPx) * widthUs, span.endUs + (deltaPx / widthPx) * widthUs, window));
        return;
      }
      const anchorUs = instantAt(view, event.clientX - element.getBoundingClientRect().left);
      setSpan(zoomView(span, 1.0015 ** event.deltaY, anchorUs, window));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [span, view, widthPx, window]);

  const zoomedOut = span.startUs === window.startUs && span.endUs === window.endUs;
  const noticeShown = useNotice((s) => s.text !== undefined);
  return (
    <section className="timeline" aria-label="Timeline">
      <div className="timeline-tools">
        <button onClick={() => setSpan({ startUs: window.startUs, endUs: window.endUs })} disabled={zoomedOut}>
          Whole window
        </button>
        <button onClick={() => setSpan(zoomView(span, 0.5, playheadUs ?? (span.startUs + span.endUs) / 2, window))}>Zoom in</button>
        <button onClick={() => setSpan(zoomView(span, 2, playheadUs ?? span.startUs, window))} disabled={zoomedOut}>
          Zoom out
        </button>
        {/* A notice takes the hint's place: off the picture and the lanes, where the eye passes. */}
        {noticeShown ? <Notice placement="line" /> : <span className="muted">Wheel zooms, Shift+wheel pans, drag a range edge to move it.</span>}
      </div>
      <div className="timeline-canvas" ref={wrapper} onPointerLeave={() => setHover(undefined)}>
        <canvas
          ref={canvas}
          data-testid="timeline"
          style={{ width: widthPx, height: TIMELINE_HEIGHT_PX }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
        />
        {hover && channel && quality && (
          <HoverThumbnail
            channel={channel}
            quality={quality}
            hoverUs={hover.instantUs}
            thumbnailUs={thumbnailUs}
            hasFootage={thumbnailUs !== undefined && hasFootageAt(footage, thumbnailUs)}
            label={formatClock(hover.instantUs, clock, 0)}
            leftPx={Math.min(Math.max(0, hover.xPx - 80), widthPx - 160)}
            damage={damageAt(recovered, hover.instantUs)}
          />
        )}
      </div>
    </section>
  );
}
