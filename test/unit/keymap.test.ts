import { describe, expect, it } from 'vitest';
import { KEYMAP } from '../../shared/keymap';

describe('the keymap', () => {
  it('gives every action its own id and every chord one action', () => {
    const ids = KEYMAP.map((action) => action.id);
    expect(new Set(ids).size).toBe(ids.length);
    const chords = KEYMAP.flatMap((action) => action.keys);
    expect(chords.filter((chord, index) => chords.indexOf(chord) !== index)).toEqual([]);
  });

  it('has every shortcut the editor promises', () => {
    const keysOf = (id: string) => KEYMAP.find((action) => action.id === id)?.keys;
    expect(keysOf('playback.toggle')).toEqual(['Space', 'K']);
    expect(keysOf('ranges.markStart')).toEqual(['I', '[']);
    expect(keysOf('ranges.markEnd')).toEqual(['O', ']']);
    expect(keysOf('edit.redo')).toContain('Ctrl+Shift+Z');
    expect(KEYMAP.filter((action) => action.id.startsWith('navigate.percent')).flatMap((action) => action.keys)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });
});
