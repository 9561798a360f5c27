/**
 * The ranges lane reduced to pixel columns: for each column the strongest state any
 * range gives it and whether a range edge falls in it, and which range numbers fit
 * without touching one already placed. One pass over the ranges doing arithmetic, then
 * work per column: with 20,000 ranges in view the lane costs what its width does, where
 * drawing every range (and checking every label against every other) froze the window.
 * Pure, so tested without a canvas.
 */
import type { DocRange } from '../edit/document';
import { xOf, type TimelineView } from './scale';

/** Column states, weakest first: where ranges overlap, the strongest shows. */
export const LANE_EMPTY = 0;
export const LANE_OPEN = 1;
export const LANE_RANGE = 2;
export const LANE_SELECTED = 3;

export interface RangeLane {
  /** One state per CSS pixel column. */
  fill: Uint8Array;
  /** 1 where a range starts or ends (edges are 2 px wide: the column before the instant and its own). */
  edges: Uint8Array;
  /** Range numbers to print (1-based, play order) and where, left to right as placed. */
  labels: { number: number; leftPx: number }[];
}

/** Where a range reaches in time on the lane: an open range runs to the playhead. */
function spanOf(range: DocRange, playheadUs: number | undefined): { startUs: number; endUs: number } {
  return { startUs: range.startUs, endUs: range.endUs ?? playheadUs ?? range.startUs };
}

function markEdge(edges: Uint8Array, view: TimelineView, instantUs: number): void {
  const column = Math.round(xOf(view, instantUs));
  if (column - 1 >= 0 && column - 1 < edges.length) edges[column - 1] = 1;
  if (column >= 0 && column < edges.length) edges[column] = 1;
}

/**
 * `labelWidthPx(text)` measures a number as drawn; it is called only for numbers whose
 * first column is free, so a crowded lane measures a handful, not thousands.
 */
export function rangeLane(
  ranges: readonly DocRange[],
  view: TimelineView,
  selectedId: string | undefined,
  playheadUs: number | undefined,
  labelWidthPx: (text: string) => number,
): RangeLane {
  const widthPx = Math.max(1, Math.ceil(view.widthPx));
  // Per state, +1 where a range's columns begin and -1 past their end; summed left to right below.
  const starts = [new Int32Array(widthPx + 1), new Int32Array(widthPx + 1), new Int32Array(widthPx + 1)];
  const edges = new Uint8Array(widthPx);
  const taken = new Uint8Array(widthPx);
  const labels: RangeLane['labels'] = [];
  ranges.forEach((range, index) => {
    const span = spanOf(range, playheadUs);
    if (span.endUs < view.startUs || span.startUs > view.endUs) return;
    const leftPx = xOf(view, span.startUs);
    const firstColumn = Math.min(widthPx - 1, Math.max(0, Math.floor(leftPx)));
    const endColumn = Math.max(firstColumn + 1, Math.min(widthPx, Math.ceil(xOf(view, span.endUs))));
    const state = range.endUs === null ? LANE_OPEN : range.id === selectedId ? LANE_SELECTED : LANE_RANGE;
    starts[state - 1]![firstColumn]! += 1;
    starts[state - 1]![endColumn]! -= 1;
    markEdge(edges, view, span.startUs);
    if (range.endUs !== null) markEdge(edges, view, range.endUs);
    placeLabel(taken, labels, index + 1, Math.max(2, leftPx + 4), labelWidthPx);
  });
  return { fill: columnStates(starts, widthPx), edges, labels };
}

function columnStates(starts: Int32Array[], widthPx: number): Uint8Array {
  const fill = new Uint8Array(widthPx);
  const open = [0, 0, 0];
  for (let column = 0; column < widthPx; column++) {
    for (let state = 0; state < 3; state++) open[state]! += starts[state]![column]!;
    fill[column] = open[2]! > 0 ? LANE_SELECTED : open[1]! > 0 ? LANE_RANGE : open[0]! > 0 ? LANE_OPEN : LANE_EMPTY;
  }
  return fill;
}

/** Places a number unless it would touch one already placed (zoomed out, 1 and 2 printed as "12"). */
function placeLabel(taken: Uint8Array, labels: RangeLane['labels'], number: number, leftPx: number, labelWidthPx: (text: string) => number): void {
  const firstColumn = Math.floor(leftPx);
  if (firstColumn >= taken.length || taken[firstColumn] === 1) return;
  const text = String(number);
  const endColumn = Math.min(taken.length, Math.ceil(leftPx + labelWidthPx(text) + 3));
  for (let column = firstColumn; column < endColumn; column++) if (taken[column] === 1) return;
  taken.fill(1, firstColumn, endColumn);
  labels.push({ number, leftPx });
}
