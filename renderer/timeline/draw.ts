/**
 * Paints the timeline onto a canvas: ticks in the user's clock, footage and holes,
 * untrusted segments, damaged segments that played with a glitch, the waveform, the ranges and the playhead. Only what is in view
 * is drawn, so a 12-hour window costs no more than a one-minute one, and the ranges lane
 * is drawn per pixel column (range-lane.ts), so 20,000 ranges cost no more than twenty.
 */
import type { DocRange } from '../edit/document';
import { LANE_EMPTY, LANE_OPEN, LANE_RANGE, LANE_SELECTED, rangeLane } from './range-lane';
import { tickStepUs, ticks, xOf, type TimelineView } from './scale';

export interface Span {
  startUs: number;
  endUs: number;
}

export interface WaveformImage {
  image: CanvasImageSource;
  startUs: number;
  endUs: number;
}

export interface TimelineScene {
  view: TimelineView;
  heightPx: number;
  window: Span;
  footage: readonly Span[];
  untrusted: readonly (Span & { type: 'suspect' | 'partial' })[];
  /** Damaged segments playback got through (hls.js or the browser recovered): footage, with a glitch. */
  damaged: readonly Span[];
  /** One image per stretch of footage, each drawn over its own time. */
  waveform: readonly WaveformImage[];
  ranges: readonly DocRange[];
  selectedId: string | undefined;
  playheadUs: number | undefined;
  hoverUs: number | undefined;
  tickLabel(instantUs: number, stepUs: number): string;
  tickOriginUs: number;
}

/** Lane tops and heights in CSS pixels; the ranges lane takes what is left. */
export const LANES = {
  ticks: { top: 0, height: 20 },
  footage: { top: 22, height: 12 },
  waveform: { top: 36, height: 34 },
  ranges: { top: 72, height: 26 },
} as const;

export const TIMELINE_HEIGHT_PX = LANES.ranges.top + LANES.ranges.height + 2;

const COLORS = {
  background: '#15181d',
  tick: '#3a414c',
  label: '#9aa4b2',
  footage: '#2f8f5b',
  hole: '#5a2328',
  outside: '#0e1013',
  suspect: '#d9a326',
  partial: '#e0662c',
  damaged: '#e5484d',
  damagedStripe: '#7a1020',
  waveformBack: '#1b2028',
  range: 'rgba(74, 144, 226, 0.45)',
  rangeEdge: '#7db4ff',
  selected: 'rgba(125, 180, 255, 0.75)',
  openRange: 'rgba(74, 144, 226, 0.2)',
  playhead: '#ff4d4d',
  hover: 'rgba(255, 255, 255, 0.35)',
};

function visible(view: TimelineView, span: Span): boolean {
  return span.endUs > view.startUs && span.startUs < view.endUs;
}

function fillSpan(ctx: CanvasRenderingContext2D, view: TimelineView, span: Span, top: number, height: number): void {
  const left = Math.max(0, xOf(view, span.startUs));
  const right = Math.min(view.widthPx, xOf(view, span.endUs));
  ctx.fillRect(left, top, Math.max(1, right - left), height);
}

function drawTicks(ctx: CanvasRenderingContext2D, scene: TimelineScene): void {
  const stepUs = tickStepUs(scene.view);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  for (const instantUs of ticks(scene.view, stepUs, scene.tickOriginUs)) {
    const x = Math.round(xOf(scene.view, instantUs)) + 0.5;
    ctx.fillStyle = COLORS.tick;
    ctx.fillRect(x, LANES.ticks.top + 12, 1, scene.heightPx - 12);
    ctx.fillStyle = COLORS.label;
    ctx.fillText(scene.tickLabel(instantUs, stepUs), x + 3, LANES.ticks.top + 2);
  }
}

function drawFootage(ctx: CanvasRenderingContext2D, scene: TimelineScene): void {
  const { top, height } = LANES.footage;
  ctx.fillStyle = COLORS.outside;
  ctx.fillRect(0, top, scene.view.widthPx, height);
  ctx.fillStyle = COLORS.hole;
  fillSpan(ctx, scene.view, scene.window, top, height);
  ctx.fillStyle = COLORS.footage;
  for (const span of scene.footage) if (visible(scene.view, span)) fillSpan(ctx, scene.view, span, top, height);
  for (const span of scene.untrusted) {
    if (!visible(scene.view, span)) continue;
    ctx.fillStyle = span.type === 'suspect' ? COLORS.suspect : COLORS.partial;
    fillSpan(ctx, scene.view, span, top + height - 4, 4);
  }
}

/** Pixels between the stripes across a damaged stretch: hatched, so it reads as neither footage nor hole. */
const STRIPE_PX = 6;

function drawDamaged(ctx: CanvasRenderingContext2D, scene: TimelineScene): void {
  const { top, height } = LANES.footage;
  for (const span of scene.damaged) {
    if (!visible(scene.view, span)) continue;
    const left = Math.max(0, xOf(scene.view, span.startUs));
    const width = Math.max(2, Math.min(scene.view.widthPx, xOf(scene.view, span.endUs)) - left);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.fillStyle = COLORS.damaged;
    ctx.fillRect(left, top, width, height);
    ctx.strokeStyle = COLORS.damagedStripe;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let x = left - height; x < left + width; x += STRIPE_PX) {
      ctx.moveTo(x, top + height);
      ctx.lineTo(x + height, top);
    }
    ctx.stroke();
    ctx.restore();
  }
}

function drawWaveform(ctx: CanvasRenderingContext2D, scene: TimelineScene): void {
  const { top, height } = LANES.waveform;
  ctx.fillStyle = COLORS.waveformBack;
  ctx.fillRect(0, top, scene.view.widthPx, height);
  for (const piece of scene.waveform) {
    const left = xOf(scene.view, piece.startUs);
    ctx.drawImage(piece.image, left, top, xOf(scene.view, piece.endUs) - left, height);
  }
}

/** Fills each run of equal columns once: the lane's cost follows its width, not the number of ranges. */
function fillColumnRuns(ctx: CanvasRenderingContext2D, columns: Uint8Array, top: number, height: number, colorOf: (value: number) => string | undefined): void {
  let runStart = 0;
  for (let column = 1; column <= columns.length; column++) {
    if (column < columns.length && columns[column] === columns[runStart]) continue;
    const color = colorOf(columns[runStart]!);
    if (color !== undefined) {
      ctx.fillStyle = color;
      ctx.fillRect(runStart, top, column - runStart, height);
    }
    runStart = column;
  }
}

const LANE_COLORS: Record<number, string | undefined> = {
  [LANE_EMPTY]: undefined,
  [LANE_OPEN]: COLORS.openRange,
  [LANE_RANGE]: COLORS.range,
  [LANE_SELECTED]: COLORS.selected,
};

function drawRanges(ctx: CanvasRenderingContext2D, scene: TimelineScene): void {
  const { top, height } = LANES.ranges;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const lane = rangeLane(scene.ranges, scene.view, scene.selectedId, scene.playheadUs, (text) => ctx.measureText(text).width);
  fillColumnRuns(ctx, lane.fill, top, height, (state) => LANE_COLORS[state]);
  fillColumnRuns(ctx, lane.edges, top, height, (edge) => (edge === 1 ? COLORS.rangeEdge : undefined));
  ctx.fillStyle = '#fff';
  for (const label of lane.labels) ctx.fillText(String(label.number), label.leftPx, top + height / 2);
}

function drawLine(ctx: CanvasRenderingContext2D, scene: TimelineScene, instantUs: number | undefined, color: string): void {
  if (instantUs === undefined || instantUs < scene.view.startUs || instantUs > scene.view.endUs) return;
  ctx.fillStyle = color;
  ctx.fillRect(Math.round(xOf(scene.view, instantUs)) - 1, 0, 2, scene.heightPx);
}

export function drawTimeline(ctx: CanvasRenderingContext2D, scene: TimelineScene): void {
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, scene.view.widthPx, scene.heightPx);
  drawTicks(ctx, scene);
  drawFootage(ctx, scene);
  drawDamaged(ctx, scene);
  drawWaveform(ctx, scene);
  drawRanges(ctx, scene);
  drawLine(ctx, scene, scene.hoverUs, COLORS.hover);
  drawLine(ctx, scene, scene.playheadUs, COLORS.playhead);
}
