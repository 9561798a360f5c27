/**
 * A box drawn over a picture shown `displayWidth` pixels wide, in the picture's own pixels:
 * drag inside to move it, drag a corner to resize it (shared/thumbnail dragBox, with the
 * aspect lock when given). Pointer capture keeps the drag going outside the box. The box
 * is a Tab stop too, worked from the keyboard as BOX_KEYS_HINT says.
 */
import { useId, useRef, type KeyboardEvent } from 'react';
import { dragBox, fullBox, type Box, type Size } from '../../shared/thumbnail';

type Handle = 'move' | 'nw' | 'ne' | 'sw' | 'se';
const CORNERS: readonly Handle[] = ['nw', 'ne', 'sw', 'se'];

/** Picture pixels an arrow key moves or resizes a box by, and with Shift held. */
export const BOX_STEP_PX = 1;
export const BOX_BIG_STEP_PX = 10;
export const BOX_KEYS_HINT = `Arrows move a focused box (Shift: ${BOX_BIG_STEP_PX} px), Ctrl+arrows resize it from its bottom-right corner, Delete resets it to the whole picture.`;

const ARROWS: Readonly<Record<string, { dx: number; dy: number }>> = {
  ArrowLeft: { dx: -1, dy: 0 },
  ArrowRight: { dx: 1, dy: 0 },
  ArrowUp: { dx: 0, dy: -1 },
  ArrowDown: { dx: 0, dy: 1 },
};

/** The box after a key press, or undefined for a key the box does not take. */
function boxForKey(event: KeyboardEvent, box: Box, size: Size, aspect: number | undefined): Box | undefined {
  if (event.key === 'Delete' || event.key === 'Backspace') return fullBox(size);
  const arrow = ARROWS[event.key];
  if (arrow === undefined || event.altKey || event.metaKey) return undefined;
  const stepPx = event.shiftKey ? BOX_BIG_STEP_PX : BOX_STEP_PX;
  // Ctrl moves the bottom-right corner: Right/Down grow the box, Left/Up shrink it.
  if (event.ctrlKey) return dragBox(box, 'se', arrow.dx * stepPx, arrow.dy * stepPx, size, aspect);
  return dragBox(box, 'move', arrow.dx * stepPx, arrow.dy * stepPx, size);
}

interface Props {
  label: string;
  box: Box;
  size: Size;
  displayWidth: number;
  /** width / height to keep while resizing, or undefined for a free box. */
  aspect: number | undefined;
  onChange(box: Box): void;
}

export function BoxOverlay({ label, box, size, displayWidth, aspect, onChange }: Props) {
  const drag = useRef<{ handle: Handle; x: number; y: number; start: Box } | undefined>(undefined);
  const hintId = useId();
  const scale = displayWidth / size.width;
  const begin = (handle: Handle) => (event: React.PointerEvent<HTMLElement>) => {
    event.preventDefault();
    event.stopPropagation();
    // A box clicked is the box the arrow keys then work on.
    event.currentTarget.closest<HTMLElement>('.box-overlay')?.focus({ preventScroll: true });
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { handle, x: event.clientX, y: event.clientY, start: box };
  };
  const move = (event: React.PointerEvent<HTMLElement>) => {
    const current = drag.current;
    if (!current) return;
    const dx = (event.clientX - current.x) / scale;
    const dy = (event.clientY - current.y) / scale;
    onChange(dragBox(current.start, current.handle, dx, dy, size, current.handle === 'move' ? undefined : aspect));
  };
  const end = () => {
    drag.current = undefined;
  };
  const key = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = boxForKey(event, box, size, aspect);
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    onChange(next);
  };
  return (
    <div
      className="box-overlay"
      // A button described as a movable box, as drag-and-drop libraries (dnd-kit) present a draggable item.
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-roledescription="movable box"
      aria-describedby={hintId}
      style={{ left: box.left * scale, top: box.top * scale, width: (box.right - box.left) * scale, height: (box.bottom - box.top) * scale }}
      onPointerDown={begin('move')}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={end}
      onKeyDown={key}
    >
      <span id={hintId} hidden>
        {BOX_KEYS_HINT}
      </span>
      {CORNERS.map((corner) => (
        <span
          key={corner}
          className={`box-handle ${corner}`}
          aria-label={`${label} ${corner} corner`}
          onPointerDown={begin(corner)}
          onPointerMove={move}
          onPointerUp={end}
          onPointerCancel={end}
        />
      ))}
    </div>
  );
}
