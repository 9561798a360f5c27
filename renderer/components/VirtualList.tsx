/**
 * A list of equal-height rows that builds only the rows in view and a few either side
 * (row-window.ts), so a 20,000-range edit costs the DOM what twenty rows do. Rows sit at
 * their own offsets inside a list as tall as all of them, in index order in the DOM so Tab
 * walks them in order (the browser scrolls a focused row in, and the scroll builds its
 * neighbours); each carries aria-posinset/aria-setsize, so a screen reader still says
 * "12 of 20,000". The row holding focus, the one to reveal and any kept row stay built
 * wherever the list is scrolled, so focus is never dropped with an unbuilt row.
 */
import { useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { builtRows, rowWindow, scrollToReveal } from './row-window';

interface VirtualListProps {
  count: number;
  rowHeightPx: number;
  /** Scrolled into view whenever it changes (the selected row); it also stays built. */
  revealIndex?: number;
  /** Rows kept built outside the view (a row whose picker is open). */
  keepIndexes?: readonly (number | undefined)[];
  rowKey(index: number): string;
  renderRow(index: number): ReactNode;
  label: string;
  className?: string;
}

/** Rows built beyond each edge of the viewport. */
const OVERSCAN_ROWS = 3;

function rowIndexOf(target: EventTarget | null): number | undefined {
  const row = target instanceof Element ? target.closest('[data-row-index]') : null;
  return row === null ? undefined : Number(row.getAttribute('data-row-index'));
}

export function VirtualList({ count, rowHeightPx, revealIndex, keepIndexes = [], rowKey, renderRow, label, className = '' }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTopPx, setScrollTopPx] = useState(0);
  const [viewportPx, setViewportPx] = useState(600);
  const [focusedIndex, setFocusedIndex] = useState<number>();

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportPx(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || revealIndex === undefined || revealIndex < 0) return;
    const targetPx = scrollToReveal(element.scrollTop, element.clientHeight, rowHeightPx, revealIndex);
    if (targetPx !== element.scrollTop) element.scrollTop = targetPx;
  }, [revealIndex, rowHeightPx]);

  const onBlur = (event: FocusEvent<HTMLOListElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedIndex(undefined);
  };
  const shown = rowWindow(scrollTopPx, viewportPx, rowHeightPx, count, OVERSCAN_ROWS);
  const rows = builtRows(shown, count, [revealIndex, focusedIndex, ...keepIndexes]);
  return (
    <div ref={scroller} className={`virtual-scroller ${className}`} onScroll={(event) => setScrollTopPx(event.currentTarget.scrollTop)}>
      <ol aria-label={label} style={{ height: count * rowHeightPx }} onFocus={(event) => setFocusedIndex(rowIndexOf(event.target))} onBlur={onBlur}>
        {rows.map((index) => (
          <li
            key={rowKey(index)}
            data-row-index={index}
            aria-posinset={index + 1}
            aria-setsize={count}
            style={{ top: index * rowHeightPx, height: rowHeightPx }}
          >
            {renderRow(index)}
          </li>
        ))}
      </ol>
    </div>
  );
}
