/**
 * A box drawn over a picture shown `displayWidth` pixels wide, in the picture's own pixels:
 * drag inside to move it, drag a corner to resize it (shared/thumbnail dragBox, with the
 * aspect lock when given). Pointer capture keeps the drag going outside the box.
 */
import { useRef } from 'react';
import { dragBox, type Box, type Size } from '../../shared/thumbnail';

type Handle = 'move' | 'nw' | 'ne' | 'sw' | 'se';
const CORNERS: readonly Handle[] = ['nw', 'ne', 'sw', 'se'];

interface Props {
  label: string;
  box: Box;
  size: Size;
  displayWidth: number;
  /** width / height to keep while resizing, or undefined for a free box. */
  aspect: number | undefined;
  onChange(box: Box): void;
  /** The drag ended: a good moment for work that should not run on every move. */
  onDone?(): void;
}

export function BoxOverlay({ label, box, size, displayWidth, aspect, onChange, onDone }: Props) {
  const drag = useRef<{ handle: Handle; x: number; y: number; start: Box } | undefined>(undefined);
  const scale = displayWidth / size.width;
  const begin = (handle: Handle) => (event: React.PointerEvent<HTMLElement>) => {
    event.preventDefault();
    event.stopPropagation();
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
    if (drag.current) onDone?.();
    drag.current = undefined;
  };
  return (
    <div
      className="box-overlay"
      role="group"
      aria-label={label}
      style={{ left: box.left * scale, top: box.top * scale, width: (box.right - box.left) * scale, height: (box.bottom - box.top) * scale }}
      onPointerDown={begin('move')}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={end}
    >
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
