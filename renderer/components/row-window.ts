/**
 * Which rows of a fixed-row-height list to build: those the viewport shows, a few more
 * either side (so a fast scroll or Tab lands on built rows), and any row that must stay
 * built wherever the list is scrolled (the one holding focus). Pure arithmetic on the
 * scroll offset, so it is tested without a DOM.
 */

export interface RowWindow {
  /** First and last row index built for the viewport, inclusive; last < first when empty. */
  firstIndex: number;
  lastIndex: number;
}

export function rowWindow(scrollTopPx: number, viewportPx: number, rowHeightPx: number, count: number, overscanRows: number): RowWindow {
  if (count === 0) return { firstIndex: 0, lastIndex: -1 };
  const topIndex = Math.floor(Math.max(0, scrollTopPx) / rowHeightPx);
  const bottomIndex = Math.ceil((Math.max(0, scrollTopPx) + Math.max(0, viewportPx)) / rowHeightPx) - 1;
  const firstIndex = Math.min(count - 1, Math.max(0, topIndex - overscanRows));
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
export function scrollToReveal(scrollTopPx: number, viewportPx: number, rowHeightPx: number, index: number): number {
  const rowTopPx = index * rowHeightPx;
  if (rowTopPx < scrollTopPx) return rowTopPx;
  if (rowTopPx + rowHeightPx > scrollTopPx + viewportPx) return Math.max(0, rowTopPx + rowHeightPx - viewportPx);
  return scrollTopPx;
}
