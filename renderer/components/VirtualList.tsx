/**
 * A list that builds only the rows in view and a few either side (row-window.ts), so a
 * 20,000-range edit or a 50,000-line chat costs the DOM what twenty rows do. Rows are
 * `rowHeightPx` tall, or with `sizeToContent` as tall as their content: each built row is
 * measured (ResizeObserver) and remembered by its key, rows never built count as
 * `rowHeightPx` (the estimate), and a list pinned to its revealed row stays so as
 * measurements land. Rows sit at
 * their own offsets inside a list as tall as all of them, in index order in the DOM so Tab
 * walks them in order (the browser scrolls a focused row in, and the scroll builds its
 * neighbours); each carries aria-posinset/aria-setsize, so a screen reader still says
 * "12 of 20,000". The row holding focus, the one to reveal and any kept row stay built
 * wherever the list is scrolled, so focus is never dropped with an unbuilt row.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { builtRows, rowTops, rowWindow, scrollToReveal } from './row-window';

interface VirtualListProps {
  count: number;
  /** Every row's height, or with sizeToContent the estimate for a row not yet measured. */
  rowHeightPx: number;
  /** Rows as tall as their content (chat lines of one line or five), measured as they are built. */
  sizeToContent?: boolean;
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

/**
 * Heights of built rows by key, with a version that changes when one does. One observer
 * for the list, made with its first row; each row element registers through `observe`
 * (a ref callback that stops observing the row when it is taken out).
 */
function useMeasuredHeights(): { heights: Map<string, number>; version: number; observe(element: HTMLLIElement | null): (() => void) | undefined } {
  const heights = useRef(new Map<string, number>()).current;
  const [version, setVersion] = useState(0);
  const observer = useRef<ResizeObserver | undefined>(undefined);
  useEffect(
    () => () => {
      observer.current?.disconnect();
      observer.current = undefined;
    },
    [],
  );
  const observe = useCallback(
    (element: HTMLLIElement | null) => {
      if (!element) return undefined;
      observer.current ??= new ResizeObserver((entries) => {
        let changed = false;
        for (const entry of entries) {
          const key = (entry.target as HTMLElement).dataset.rowKey;
          const heightPx = entry.borderBoxSize[0]?.blockSize ?? 0;
          if (key === undefined || heightPx <= 0 || heights.get(key) === heightPx) continue;
          heights.set(key, heightPx);
          changed = true;
        }
        if (changed) setVersion((v) => v + 1);
      });
      const current = observer.current;
      current.observe(element);
      return () => current.unobserve(element);
    },
    [heights],
  );
  return { heights, version, observe };
}

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeightPx, sizeToContent = false, revealIndex, keepIndexes = [], rowKey, renderRow, label, className = '' } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTopPx, setScrollTopPx] = useState(0);
  const [viewportPx, setViewportPx] = useState(600);
  const [focusedIndex, setFocusedIndex] = useState<number>();
  const measured = useMeasuredHeights();
  // rowKey is a new function every render; the keys of a count's rows change only with the count (or a measurement).
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed on count, estimate and measurement, not on every render
  const tops = useMemo(
    () => rowTops(count, sizeToContent ? (index) => measured.heights.get(rowKey(index)) ?? rowHeightPx : () => rowHeightPx),
    [count, rowHeightPx, sizeToContent, measured.version],
  );
  /** The scroll offset this list last set to reveal a row: while it holds, the list is pinned there. */
  const revealedAtPx = useRef<number | undefined>(undefined);
  const revealedIndex = useRef<number | undefined>(undefined);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportPx(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A new row to reveal is scrolled to; a measurement that moves it keeps it revealed, unless the user scrolled away meanwhile.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || revealIndex === undefined || revealIndex < 0 || revealIndex >= count) return;
    const pinned = revealedIndex.current !== revealIndex || revealedAtPx.current === element.scrollTop;
    if (!pinned) return;
    const targetPx = scrollToReveal(tops, element.scrollTop, element.clientHeight, revealIndex);
    if (targetPx !== element.scrollTop) element.scrollTop = targetPx;
    revealedIndex.current = revealIndex;
    revealedAtPx.current = element.scrollTop;
  }, [revealIndex, tops, count]);

  const onBlur = (event: FocusEvent<HTMLOListElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedIndex(undefined);
  };
  const shown = rowWindow(tops, scrollTopPx, viewportPx, OVERSCAN_ROWS);
  const rows = builtRows(shown, count, [revealIndex, focusedIndex, ...keepIndexes]);
  return (
    <div ref={scroller} className={`virtual-scroller ${className}`} onScroll={(event) => setScrollTopPx(event.currentTarget.scrollTop)}>
      <ol aria-label={label} style={{ height: tops[count] }} onFocus={(event) => setFocusedIndex(rowIndexOf(event.target))} onBlur={onBlur}>
        {rows.map((index) => (
          <li
            key={rowKey(index)}
            ref={sizeToContent ? measured.observe : undefined}
            data-row-index={index}
            data-row-key={sizeToContent ? rowKey(index) : undefined}
            aria-posinset={index + 1}
            aria-setsize={count}
            style={{ top: tops[index], height: sizeToContent ? undefined : rowHeightPx }}
          >
            {renderRow(index)}
          </li>
        ))}
      </ol>
    </div>
  );
}
