import { describe, expect, it } from 'vitest';
import { chordOf } from '../../renderer/keyboard/chord';
import { clampView, instantAt, tickStepUs, ticks, xOf, zoomView } from '../../renderer/timeline/scale';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../../shared/time';

const window = { startUs: 0, endUs: 12 * US_PER_HOUR };

describe('timeline scale', () => {
  it('maps instants to pixels and back', () => {
    const view = { startUs: 0, endUs: 1000 * US_PER_SECOND, widthPx: 1000 };
    expect(xOf(view, 250 * US_PER_SECOND)).toBe(250);
    expect(instantAt(view, 250)).toBe(250 * US_PER_SECOND);
  });

  it('zooms around the anchor and stays inside the window', () => {
    const zoomed = zoomView({ startUs: 0, endUs: US_PER_HOUR }, 0.5, 30 * US_PER_MINUTE, window);
    expect(zoomed).toEqual({ startUs: 15 * US_PER_MINUTE, endUs: 45 * US_PER_MINUTE });
    expect(clampView(-US_PER_HOUR, US_PER_HOUR, window)).toEqual({ startUs: 0, endUs: 2 * US_PER_HOUR });
    expect(zoomView(window, 4, 0, window)).toEqual(window);
    expect(zoomView({ startUs: 0, endUs: 3 * US_PER_SECOND }, 0.01, 0, window).endUs).toBe(2 * US_PER_SECOND);
  });

  it.each([
    [12 * US_PER_HOUR, 2 * US_PER_HOUR],
    [US_PER_HOUR, 10 * US_PER_MINUTE],
    [US_PER_MINUTE, 10 * US_PER_SECOND],
    [2 * US_PER_SECOND, US_PER_SECOND],
  ])('a %d us view 1000 px wide ticks every %d us', (spanUs, stepUs) => {
    expect(tickStepUs({ startUs: 0, endUs: spanUs, widthPx: 1000 })).toBe(stepUs);
  });

  it('aligns ticks to the origin (UTC, a zone offset, or the bus-time start)', () => {
    const view = { startUs: 7 * US_PER_SECOND, endUs: 31 * US_PER_SECOND, widthPx: 100 };
    expect(ticks(view, 10 * US_PER_SECOND)).toEqual([10, 20, 30].map((s) => s * US_PER_SECOND));
    expect(ticks(view, 10 * US_PER_SECOND, 3 * US_PER_SECOND)).toEqual([13, 23].map((s) => s * US_PER_SECOND));
  });
});

describe('keyboard chords', () => {
  const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
    chordOf({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

  it.each([
    [key(' '), 'Space'],
    [key('k'), 'K'],
    [key('J', { shiftKey: true }), 'Shift+J'],
    [key('ArrowLeft', { shiftKey: true }), 'Shift+Left'],
    [key('z', { ctrlKey: true }), 'Ctrl+Z'],
    [key('Z', { metaKey: true, shiftKey: true }), 'Ctrl+Shift+Z'],
    [key('?', { shiftKey: true }), '?'],
    [key(','), ','],
    [key('5'), '5'],
    [key('Backspace'), 'Backspace'],
  ])('%s', (chord, expected) => {
    expect(chord).toBe(expected);
  });
});
