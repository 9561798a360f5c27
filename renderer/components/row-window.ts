/**
 * Which rows of a virtual list to build: those the viewport shows, a few more either side
 * (so a fast scroll or Tab lands on built rows), and any row that must stay built wherever
 * the list is scrolled (the one holding focus). Rows may differ in height: the list is
 * laid out by each row's top (`rowTops`), and the window is found by binary search. Pure
 * arithmetic on the scroll offset, so it is tested without a DOM.
 */

export interface RowWindow {
  /** First and last row index built for the viewport, inclusive; last < first when empty. */
  firstIndex: number;
  lastIndex: number;
}

/** Where each row starts, in px: `tops[i]` for row i, `tops[count]` the whole list's height. */
export function rowTops(count: number, heightOfPx: (index: number) => number): Float64Array {
  const tops = new Float64Array(count + 1);
  for (let index = 0; index < count; index++) tops[index + 1] = tops[index]! + heightOfPx(index);
  return tops;
}

/** The row at an offset: the last one starting at or above it (0 for an empty list). */
function rowAt(tops: Float64Array, offsetPx: number): number {
  let low = 0;
  let high = Math.max(0, tops.length - 2);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (tops[middle]! <= offsetPx) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function rowWindow(tops: Float64Array, scrollTopPx: number, viewportPx: number, overscanRows: number): RowWindow {
  const count = tops.length - 1;
  if (count <= 0) return { firstIndex: 0, lastIndex: -1 };
  const topPx = Math.max(0, scrollTopPx);
  // The bottom edge itself belongs to the row below it: a row starting exactly there is not in view.
  const bottomIndex = rowAt(tops, topPx + Math.max(0, viewportPx) - 0.001);
  const firstIndex = Math.min(count - 1, Math.max(0, rowAt(tops, topPx) - overscanRows));
  const lastIndex = Math.min(count - 1, Math.max(firstIndex, bottomIndex + overscanRows));
  return { firstIndex, lastIndex };
}

/** The rows to build, in list order: the window plus the kept rows outside it. */
export function builtRows(window: RowWindow, count: number, keptIndexes: readonly (number | undefined)[]): number[] {
  const rows: number[] = [];
  for (let index = window.firstIndex; index <= window.lastIndex; index++) rows.push(index);
  for (const kept of keptIndexes) {
    if (kept !== undefined && kept >= 0 && kept < count && (kept < window.firstIndex || kept > window.lastIndex) && !rows.includes(kept)) rows.push(kept);
  }
  return rows.sort((a, b) => a - b);
}

/** The scroll offset that brings a row fully into view with the least movement (unchanged if it is in view). */
export function scrollToReveal(tops: Float64Array, scrollTopPx: number, viewportPx: number, index: number): number {
  const rowTopPx = tops[index]!;
  const rowBottomPx = tops[index + 1]!;
  if (rowTopPx < scrollTopPx) return rowTopPx;
  if (rowBottomPx > scrollTopPx + viewportPx) return Math.max(0, rowBottomPx - viewportPx);
  return scrollTopPx;
}
