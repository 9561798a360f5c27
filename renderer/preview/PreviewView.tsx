/**
 * Preview mode's parts of the editor: the button, the clock (time in the edit and the
 * source instant of the frame on screen) and the timeline of the edit (ranges back to
 * back, transitions marked; click to seek, drag a range's edge to move it in the source).
 */
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { previewSpans, type PreviewSpan } from '../../shared/preview-timeline';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
import { clockSuffix, formatClock, formatElapsed } from '../../shared/timeformat';
import { toEdit } from '../edit/document';
import { runAction } from '../keyboard/actions';
import * as player from '../player/player';
import { useEdit } from '../stores/edit';
import { usePlayer } from '../stores/player';
import { useSettings } from '../stores/settings';
import { followEdits, moveEdge, previewPosition, usePreview } from './preview-mode';

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

export function PreviewClock() {
  const mediaSeconds = usePlayer((s) => s.mediaSeconds);
  const fragments = usePlayer((s) => s.fragments);
  const frameSeconds = usePlayer((s) => s.frameSeconds);
  const entries = usePreview((s) => s.entries);
  const clock = useSettings((s) => s.clock);
  const position = previewPosition(mediaSeconds, entries, fragments, frameSeconds);
  if (position === undefined) {
    return (
      <output className="clock preview-clock" aria-label="Preview clock">
        —
      </output>
    );
  }
  return (
    <output
      className="clock preview-clock"
      aria-label="Preview clock"
      data-edit-us={position.editUs}
      data-instant={formatInstant(position.instantUs)}
      data-range={position.rangeIndex}
    >
      {formatElapsed(position.editUs, 3)} <small>in the edit · range {position.rangeIndex + 1}</small> {formatClock(position.instantUs, clock, 3)}{' '}
      <small>
        {clockSuffix(clock)}
        {position.inTransition ? ' · transition' : ''}
      </small>
    </output>
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

function Span({ span, totalUs, onEdge }: { span: PreviewSpan; totalUs: number; onEdge: (event: ReactPointerEvent, edge: 'start' | 'end') => void }) {
  return (
    <div
      className="preview-range"
      data-range={span.rangeIndex}
      style={{ left: percent(span.editStartUs, totalUs), width: percent(span.editEndUs - span.editStartUs, totalUs) }}
      title={`Range ${span.rangeIndex + 1}: ${formatInstant(span.sourceStartUs)} .. ${formatInstant(span.sourceEndUs)}`}
    >
      <span className="preview-edge start" aria-label={`Start of range ${span.rangeIndex + 1}`} onPointerDown={(event) => onEdge(event, 'start')} />
      <span className="preview-range-label">{span.rangeIndex + 1}</span>
      <span className="preview-edge end" aria-label={`End of range ${span.rangeIndex + 1}`} onPointerDown={(event) => onEdge(event, 'end')} />
    </div>
  );
}

export function PreviewTimeline() {
  const bar = useRef<HTMLDivElement>(null);
  const doc = useEdit((s) => s.history.present);
  const mediaSeconds = usePlayer((s) => s.mediaSeconds);
  const [drag, setDrag] = useState<EdgeDrag>();
  useEffect(() => followEdits(), []);
  const { edit, problems } = toEdit(doc);
  const spans = problems.length > 0 ? [] : previewSpans(edit);
  const totalUs = spans.length === 0 ? 1 : spans[spans.length - 1]!.editEndUs;
  const usPerPx = () => totalUs / Math.max(1, bar.current?.clientWidth ?? 1);

  const seek = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (drag !== undefined || bar.current === null) return;
    const rect = bar.current.getBoundingClientRect();
    player.seekMediaSeconds((((event.clientX - rect.left) / rect.width) * totalUs) / US_PER_SECOND);
  };
  const startEdge = (rangeIndex: number) => (event: ReactPointerEvent, edge: 'start' | 'end') => {
    event.stopPropagation();
    (event.target as Element).setPointerCapture(event.pointerId);
    const range = edit.ranges[rangeIndex]!;
    setDrag({ rangeIndex, edge, fromXPx: event.clientX, fromUs: edge === 'start' ? range.startUs : range.endUs, deltaUs: 0 });
  };
  const moveDrag = (event: ReactPointerEvent) => {
    if (drag) setDrag({ ...drag, deltaUs: Math.round((event.clientX - drag.fromXPx) * usPerPx()) });
  };
  const endDrag = () => {
    if (!drag) return;
    setDrag(undefined);
    if (drag.deltaUs !== 0) moveEdge(drag.rangeIndex, drag.edge, drag.fromUs + drag.deltaUs);
  };

  return (
    <section className="preview-timeline" aria-label="Preview timeline">
      <div className="preview-bar" ref={bar} onPointerDown={seek} onPointerMove={moveDrag} onPointerUp={endDrag}>
        {spans.map((span) => (
          <Span key={span.rangeIndex} span={span} totalUs={totalUs} onEdge={startEdge(span.rangeIndex)} />
        ))}
        {spans
          .slice(1)
          .map((span) =>
            span.transitionInUs > 0 ? (
              <div
                key={`t${span.rangeIndex}`}
                className="preview-transition"
                aria-label={`Transition into range ${span.rangeIndex + 1}`}
                style={{ left: percent(span.editStartUs, totalUs), width: percent(span.transitionInUs, totalUs) }}
              />
            ) : null,
          )}
        <div className="preview-playhead" style={{ left: percent(mediaSeconds * US_PER_SECOND, totalUs) }} />
      </div>
      <p className="muted preview-hint">
        {drag
          ? `Range ${drag.rangeIndex + 1} ${drag.edge}: ${formatInstant(drag.fromUs + drag.deltaUs)}`
          : 'Preview: the edit as the smart export will contain it. I and O move the edges of the range on screen; drag an edge to move it.'}
      </p>
    </section>
  );
}
