/**
 * Preview mode's parts of the editor: the button, the clock (time in the edit and the
 * source instant of the frame on screen) and the timeline of the edit as the preview
 * playlist plays it (ranges back to back with only their footage, skipped holes and
 * transitions marked; click to seek, drag a range's edge to move it in the source).
 */
import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { previewLayout, type PreviewEmptyRange, type PreviewHole, type PreviewLayout, type PreviewSpan } from '../../shared/preview-timeline';
import { formatDuration, formatInstant } from '../../shared/time';
import { clockSuffix, formatClock, formatElapsed } from '../../shared/timeformat';
import { toEdit } from '../edit/document';
import { afterPendingActions, runAction } from '../keyboard/actions';
import * as player from '../player/player';
import { tickStepUs, ticks } from '../timeline/scale';
import { useEdit } from '../stores/edit';
import { useNotice } from '../stores/notice';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';
import { Notice } from '../components/Notice';
import { spanBox } from './span-box';
import { currentPreviewPosition, followEdits, moveEdge, previewPosition, usePreview } from './preview-mode';

export function PreviewButton() {
  const active = usePreview((s) => s.url !== undefined);
  const loading = usePreview((s) => s.loading);
  return (
    <button
      aria-pressed={active}
      className={active ? 'preview-on' : undefined}
      onClick={() => runAction('playback.preview')}
      title="Preview the edit as it will be exported (P)"
    >
      {loading ? 'Preview edit…' : active ? 'Back to source' : 'Preview edit'}
    </button>
  );
}

/** The layout of the edit the loaded preview playlist is of (the document may be ahead of it). */
function useLayout(): PreviewLayout {
  const entries = usePreview((s) => s.entries);
  const loadedEdit = usePreview((s) => s.edit);
  const doc = useEdit((s) => s.history.present);
  if (loadedEdit !== undefined) return previewLayout(loadedEdit, entries);
  const { edit, problems } = toEdit(doc);
  return problems.length > 0 ? { spans: [], holes: [], empty: [], durationUs: 0 } : previewLayout(edit, []);
}

/** Two labelled lines: where the frame on screen is in the edit, and which source instant it is. */
export function PreviewClock() {
  const mediaSeconds = usePlayer((s) => s.mediaSeconds);
  const fragments = usePlayer((s) => s.fragments);
  const frameSeconds = usePlayer((s) => s.frameSeconds);
  const seeking = usePlayer((s) => s.seeking);
  const entries = usePreview((s) => s.entries);
  const clock = useSettings((s) => s.clock);
  const { durationUs } = useLayout();
  // No frame presented yet (the preview just loaded): the player names no instant, nor does this clock.
  const framePresented = usePlayer((s) => s.instantUs !== undefined);
  const position = framePresented ? previewPosition(mediaSeconds, entries, fragments, frameSeconds) : undefined;
  if (position === undefined) {
    return (
      <output className="clock preview-clock" aria-label="Preview clock">
        <span className="preview-clock-line">
          <small>edit</small> —
        </span>
      </output>
    );
  }
  return (
    <output
      className="clock preview-clock"
      aria-label="Preview clock"
      data-seeking={seeking || undefined}
      data-edit-us={position.editUs}
      data-instant={formatInstant(position.instantUs)}
      data-range={position.rangeIndex}
    >
      <span className="preview-clock-line" title="Time in the edit (as the export will play it) / the edit's length">
        <small>edit</small> {formatElapsed(position.editUs, 3)}{' '}
        <small>
          / {formatElapsed(durationUs, 3)}
          {/* Always there, hidden outside transitions: the controls beside the clock must not jump as playback crosses one. */}
          <span className={position.inTransition ? undefined : 'preview-clock-off'}> · in transition</span>
        </small>
      </span>
      <span className="preview-clock-line" title="Source instant of the frame on screen">
        <small>range {position.rangeIndex + 1}</small> <SourceTime instantUs={position.instantUs} /> <small>{clockSuffix(clock)}</small>
      </span>
    </output>
  );
}

/** The source instant in the user's clock, a calendar date smaller than the time of day it is read for. */
function SourceTime({ instantUs }: { instantUs: number }) {
  const clock = useSettings((s) => s.clock);
  const text = formatClock(instantUs, clock, 3);
  const space = text.indexOf(' ');
  if (space < 0) return <>{text}</>;
  return (
    <>
      <small>{text.slice(0, space)}</small> {text.slice(space + 1)}
    </>
  );
}

interface EdgeDrag {
  rangeIndex: number;
  edge: 'start' | 'end';
  fromXPx: number;
  fromUs: number;
  deltaUs: number;
}

function percent(valueUs: number, totalUs: number): string {
  return `${(100 * valueUs) / Math.max(1, totalUs)}%`;
}

/** A span as drawn: its dragged edge moved by the drag (an edit microsecond per source microsecond). */
function dragged(span: PreviewSpan, drag: EdgeDrag | undefined): PreviewSpan {
  if (drag === undefined || drag.rangeIndex !== span.rangeIndex) return span;
  if (drag.edge === 'start') return { ...span, editStartUs: Math.min(span.editStartUs + drag.deltaUs, span.editEndUs) };
  return { ...span, editEndUs: Math.max(span.editEndUs + drag.deltaUs, span.editStartUs) };
}

interface SpanProps {
  span: PreviewSpan;
  /** The range's label in the document, if it has one. */
  label: string;
  totalUs: number;
  /** The bar's width; 0 before it is measured (then drawn to scale, without a minimum). */
  barPx: number;
  onEdge: (event: ReactPointerEvent, edge: 'start' | 'end') => void;
}

function Span({ span, label, totalUs, barPx, onEdge }: SpanProps) {
  const lengthUs = span.editEndUs - span.editStartUs;
  const name = `Range ${span.rangeIndex + 1}${label ? ` (${label})` : ''}`;
  const box = barPx > 0 ? spanBox(span.editStartUs, span.editEndUs, totalUs, barPx) : undefined;
  const style = box ? { left: `${box.leftPx}px`, width: `${box.widthPx}px` } : { left: percent(span.editStartUs, totalUs), width: percent(lengthUs, totalUs) };
  const widened = box?.widened ? ' (drawn wider than its length, to be seen)' : '';
  return (
    <div
      className={`preview-range${box?.widened ? ' widened' : ''}`}
      data-range={span.rangeIndex}
      data-edit-start-us={span.editStartUs}
      data-edit-end-us={span.editEndUs}
      style={style}
      title={`${name}: ${formatInstant(span.sourceStartUs)} .. ${formatInstant(span.sourceEndUs)}, ${formatDuration(lengthUs)} in the edit${widened}`}
    >
      <span className="preview-edge start" aria-label={`Start of range ${span.rangeIndex + 1}`} onPointerDown={(event) => onEdge(event, 'start')} />
      {/* Past the transition's stripes, which would cover it; the number kept whole, the rest cut to fit. */}
      <span className="preview-range-label" style={{ left: `calc(${percent(span.transitionInUs, lengthUs)} + 4px)` }}>
        <b>{span.rangeIndex + 1}</b>
        <span>
          {label ? `${label} · ` : ''}
          {formatDuration(lengthUs)} · from <SourceTime instantUs={span.sourceStartUs} />
        </span>
      </span>
      <span className="preview-edge end" aria-label={`End of range ${span.rangeIndex + 1}`} onPointerDown={(event) => onEdge(event, 'end')} />
    </div>
  );
}

function HoleMark({ hole, totalUs }: { hole: PreviewHole; totalUs: number }) {
  const text = `${formatDuration(hole.skippedUs)} without footage skipped in range ${hole.rangeIndex + 1}`;
  return (
    <div className="preview-hole" role="img" aria-label={text} title={text} data-edit-us={hole.editUs} style={{ left: percent(hole.editUs, totalUs) }}>
      <span aria-hidden="true">{formatDuration(hole.skippedUs)} skipped</span>
    </div>
  );
}

interface EmptyRangeProps {
  empty: PreviewEmptyRange;
  /** The range's source times and label in the document. */
  range: { startUs: number; endUs: number | null; label: string } | undefined;
  totalUs: number;
}

/** A range with no footage at all: nothing of it plays, so a hatched mark where it would. */
function EmptyRangeMark({ empty, range, totalUs }: EmptyRangeProps) {
  const clock = useSettings((s) => s.clock);
  const number = empty.rangeIndex + 1;
  const name = `Range ${number}${range?.label ? ` (${range.label})` : ''}`;
  const times =
    range && range.endUs !== null ? ` from ${formatClock(range.startUs, clock, 3)} to ${formatClock(range.endUs, clock, 3)} ${clockSuffix(clock)}` : '';
  const text = `${name} holds no footage${times}: it lies inside a hole. The preview leaves it out and the export refuses it; move or remove the range.`;
  return (
    <div
      className="preview-empty-range"
      role="img"
      aria-label={text}
      title={text}
      data-range={empty.rangeIndex}
      data-edit-us={empty.editUs}
      style={{ left: percent(empty.editUs, totalUs) }}
    >
      <span aria-hidden="true">{number}</span>
    </div>
  );
}

/** Room at the bar's end for its label (the edit's length) and the last tick's label before it. */
const END_LABEL_PX = 140;

/** Edit-time ticks, labels at least 90 px apart. */
function Ruler({ totalUs, widthPx }: { totalUs: number; widthPx: number }) {
  const view = { startUs: 0, endUs: Math.max(1, totalUs), widthPx: Math.max(1, widthPx) };
  const stepUs = tickStepUs(view);
  // Clear of the end's label (the edit's length, to the millisecond).
  const endLabelUs = (END_LABEL_PX * totalUs) / view.widthPx;
  const marks = ticks(view, stepUs).filter((editUs) => editUs < totalUs - endLabelUs);
  return (
    <div className="preview-ruler" aria-hidden="true">
      {marks.map((editUs) => (
        <span key={editUs} className="preview-tick" style={{ left: percent(editUs, totalUs) }}>
          {formatElapsed(editUs, 0).replace(/^0:/, '')}
        </span>
      ))}
      <span className="preview-tick end">{formatElapsed(totalUs, 3).replace(/^0:/, '')}</span>
    </div>
  );
}

/** The bar's width in pixels, kept current as the window resizes. */
function useWidthPx(element: RefObject<HTMLDivElement | null>): number {
  const [widthPx, setWidthPx] = useState(0);
  useLayoutEffect(() => {
    const target = element.current;
    if (target === null) return;
    setWidthPx(target.clientWidth);
    const observer = new ResizeObserver(() => setWidthPx(target.clientWidth));
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return widthPx;
}

export function PreviewTimeline() {
  const bar = useRef<HTMLDivElement>(null);
  const doc = useEdit((s) => s.history.present);
  // Re-rendered with every frame, for the playhead.
  usePlayer((s) => s.mediaSeconds);
  const [drag, setDrag] = useState<EdgeDrag>();
  const noticeShown = useNotice((s) => s.text !== undefined);
  const clock = useSettings((s) => s.clock);
  const widthPx = useWidthPx(bar);
  useEffect(() => followEdits(), []);
  const layout = useLayout();
  const totalUs = Math.max(1, layout.durationUs);
  const playheadUs = currentPreviewPosition()?.editUs ?? 0;

  const seek = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (drag !== undefined || bar.current === null) return;
    const rect = bar.current.getBoundingClientRect();
    const editUs = Math.round(((event.clientX - rect.left) / rect.width) * totalUs);
    player.seekPreviewEdit(editUs);
  };
  const startEdge = (rangeIndex: number) => (event: ReactPointerEvent, edge: 'start' | 'end') => {
    event.stopPropagation();
    const range = doc.ranges[rangeIndex];
    if (range === undefined || range.endUs === null) return;
    (event.target as Element).setPointerCapture(event.pointerId);
    setDrag({ rangeIndex, edge, fromXPx: event.clientX, fromUs: edge === 'start' ? range.startUs : range.endUs, deltaUs: 0 });
  };
  const moveDrag = (event: ReactPointerEvent) => {
    if (drag) setDrag({ ...drag, deltaUs: Math.round((event.clientX - drag.fromXPx) * (totalUs / Math.max(1, widthPx))) });
  };
  const endDrag = () => {
    if (!drag) return;
    setDrag(undefined);
    // After the shortcuts pressed before it, as the main timeline's edge drags (Timeline.tsx).
    if (drag.deltaUs !== 0) afterPendingActions('Drag a range edge', () => moveEdge(drag.rangeIndex, drag.edge, drag.fromUs + drag.deltaUs));
  };

  return (
    <section className="preview-timeline" aria-label="Preview timeline">
      <Ruler totalUs={totalUs} widthPx={widthPx} />
      <div className="preview-bar" ref={bar} data-duration-us={layout.durationUs} onPointerDown={seek} onPointerMove={moveDrag} onPointerUp={endDrag}>
        {layout.spans.map((span) => (
          <Span
            key={span.rangeIndex}
            span={dragged(span, drag)}
            label={doc.ranges[span.rangeIndex]?.label ?? ''}
            totalUs={totalUs}
            barPx={widthPx}
            onEdge={startEdge(span.rangeIndex)}
          />
        ))}
        {layout.spans.map((span) =>
          span.transitionInUs > 0 ? (
            <div
              key={`t${span.rangeIndex}`}
              className="preview-transition"
              aria-label={`Transition into range ${span.rangeIndex + 1}`}
              title={`Transition into range ${span.rangeIndex + 1}, ${formatDuration(span.transitionInUs)}`}
              style={{ left: percent(span.editStartUs, totalUs), width: percent(span.transitionInUs, totalUs) }}
            />
          ) : null,
        )}
        {layout.holes.map((hole) => (
          <HoleMark key={`h${hole.rangeIndex}-${hole.editUs}`} hole={hole} totalUs={totalUs} />
        ))}
        {layout.empty.map((empty) => (
          <EmptyRangeMark key={`e${empty.rangeIndex}`} empty={empty} range={doc.ranges[empty.rangeIndex]} totalUs={totalUs} />
        ))}
        <div className="preview-playhead" style={{ left: percent(playheadUs, totalUs) }} />
      </div>
      {/* As under the source timeline: a notice takes the hint's line (a drag's feedback keeps it). */}
      {noticeShown && !drag ? (
        <div className="preview-hint">
          <Notice placement="line" />
        </div>
      ) : (
        <p className="muted preview-hint">
          {drag
            ? `Range ${drag.rangeIndex + 1} ${drag.edge} to ${formatClock(drag.fromUs + drag.deltaUs, clock, 3)} ${clockSuffix(clock)} (${drag.deltaUs >= 0 ? '+' : '-'}${formatDuration(Math.abs(drag.deltaUs))}); the preview shows it when you let go.`
            : 'Preview: the edit as the smart export will contain it, holes skipped. I and O move the edges of the range on screen; drag an edge to move it.'}
        </p>
      )}
    </section>
  );
}
