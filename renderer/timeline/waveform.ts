/**
 * The timeline's waveform lane: PNGs from the waveform route for the footage in view,
 * loaded a moment after the view settles and recoloured for the dark timeline.
 */
import { useEffect, useState } from 'react';
import { US_PER_SECOND } from '../../shared/time';
import { waveformUrl } from '../bridge/media';
import { LANES, type Span, type WaveformImage } from './draw';
import { xOf, type TimelineView } from './scale';

/** The waveform route renders at most 6 hours. */
const WAVEFORM_MAX_US = 6 * 3600 * US_PER_SECOND;
/** Above this many stretches of footage in view, the waveform is left out (it would be noise). */
const WAVEFORM_MAX_PIECES = 12;

/**
 * Loads the waveform of the visible footage, a moment after the view settles: one image
 * per stretch between holes, because the route draws footage only and would squeeze holes out.
 */
export function useWaveform(channel: string | undefined, quality: string | undefined, view: TimelineView, footage: readonly Span[]): WaveformImage[] {
  const [waveform, setWaveform] = useState<WaveformImage[]>([]);
  useEffect(() => {
    if (channel === undefined || quality === undefined || view.endUs - view.startUs > WAVEFORM_MAX_US) return;
    const pieces = footage
      .map((span) => ({ startUs: Math.max(span.startUs, view.startUs), endUs: Math.min(span.endUs, view.endUs) }))
      .filter((span) => xOf(view, span.endUs) - xOf(view, span.startUs) >= 2);
    if (pieces.length > WAVEFORM_MAX_PIECES) return;
    let current = true;
    const timer = setTimeout(() => {
      const loads = pieces.map(
        (piece) =>
          new Promise<WaveformImage | undefined>((resolve) => {
            const image = new Image();
            image.onload = () => resolve({ image: tinted(image, WAVEFORM_COLOR), ...piece });
            image.onerror = () => resolve(undefined);
            const widthPx = Math.max(1, Math.min(4096, Math.round(xOf(view, piece.endUs) - xOf(view, piece.startUs))));
            image.src = waveformUrl(channel, quality, piece.startUs, piece.endUs, widthPx, LANES.waveform.height);
          }),
      );
      void Promise.all(loads).then((images) => current && setWaveform(images.filter((image) => image !== undefined)));
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [channel, quality, view, footage]);
  return waveform;
}

const WAVEFORM_COLOR = '#6fa8dc';

/** The waveform route draws black on transparent; recolour it for the dark timeline. */
function tinted(image: HTMLImageElement, color: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(image, 0, 0);
  ctx.globalCompositeOperation = 'source-in';
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  return canvas;
}
