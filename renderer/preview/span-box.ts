/**
 * Where the preview bar draws a range, in pixels. A range of a frame or two would be a
 * sliver of a few pixels (two borders and no room to hover or grab): it is drawn at least
 * MIN_SPAN_PX wide, grown evenly about its own middle, so its middle stays where its
 * footage is and no other range moves (it may overlap a neighbour by a few pixels). Pure.
 */

/** Two edge handles (7 px each, see styles.css .preview-edge) with a little room between. */
export const MIN_SPAN_PX = 16;

export interface SpanBox {
  leftPx: number;
  widthPx: number;
  /** Drawn wider than its length, which the tooltip then says. */
  widened: boolean;
}

/** The box of the span from `editStartUs` to `editEndUs` on a bar `barPx` wide showing `totalUs`. */
export function spanBox(editStartUs: number, editEndUs: number, totalUs: number, barPx: number): SpanBox {
  const pxPerUs = barPx / Math.max(1, totalUs);
  const leftPx = editStartUs * pxPerUs;
  const widthPx = Math.max(0, editEndUs - editStartUs) * pxPerUs;
  if (widthPx >= MIN_SPAN_PX) return { leftPx, widthPx, widened: false };
  // Kept inside the bar, so a short first or last range is not cut by its edge.
  const middlePx = leftPx + widthPx / 2;
  const grownLeftPx = Math.min(Math.max(0, middlePx - MIN_SPAN_PX / 2), Math.max(0, barPx - MIN_SPAN_PX));
  return { leftPx: grownLeftPx, widthPx: MIN_SPAN_PX, widened: true };
}
