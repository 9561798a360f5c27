import { describe, expect, it } from 'vitest';
import { dragBox, parseBox, snapshotFileName, templateNameProblem } from '../../shared/thumbnail';
import { parseInstant } from '../../shared/time';

const size = { width: 1280, height: 720 };
const box = { left: 100, top: 100, right: 420, bottom: 280 };

describe('thumbnail boxes', () => {
  it('parse LEFT,TOP,RIGHT,BOTTOM or say the form', () => {
    expect(parseBox('1,2,3,4', 'crop')).toEqual({ left: 1, top: 2, right: 3, bottom: 4 });
    expect(parseBox('1,2,3', 'crop')).toBe('Bad crop "1,2,3": expected LEFT,TOP,RIGHT,BOTTOM in pixels, e.g. 0,0,1280,720');
    expect(parseBox('-1,2,3,4', 'location')).toContain('Bad location');
  });

  it('move whole, kept inside the picture', () => {
    expect(dragBox(box, 'move', 2000, -50, size)).toEqual({ left: 960, top: 50, right: 1280, bottom: 230 });
  });

  it('resize from a corner, anchored at the opposite one', () => {
    expect(dragBox(box, 'se', 30, 10, size)).toEqual({ left: 100, top: 100, right: 450, bottom: 290 });
    expect(dragBox(box, 'nw', -30, -10, size)).toEqual({ left: 70, top: 90, right: 420, bottom: 280 });
  });

  it('keep the aspect ratio when locked, shrinking to fit', () => {
    // 16:9, led by the side moved more: 320 + 160 wide, or 180 - 90 high.
    expect(dragBox(box, 'se', 160, 0, size, 16 / 9)).toEqual({ left: 100, top: 100, right: 580, bottom: 370 });
    expect(dragBox(box, 'se', -10, -90, size, 16 / 9)).toEqual({ left: 100, top: 100, right: 260, bottom: 190 });
    // Shrinking one side shrinks the box (the larger wish must not win).
    expect(dragBox(box, 'se', -160, 0, size, 16 / 9)).toEqual({ left: 100, top: 100, right: 260, bottom: 190 });
    // Far past the corner: as large as fits from the anchor (1180 wide would need 663.75 high; 620 is the room).
    const fitted = dragBox(box, 'se', 5000, 5000, size, 16 / 9);
    expect(fitted.bottom).toBe(720);
    expect(fitted.right - fitted.left).toBe(Math.round(620 * (16 / 9)));
  });

  it('never become empty', () => {
    expect(dragBox(box, 'se', -1000, -1000, size)).toEqual({ left: 100, top: 100, right: 101, bottom: 101 });
  });
});

describe('names', () => {
  it('refuse template names that could leave the folder or hide', () => {
    expect(templateNameProblem('Big Event 2026')).toBeUndefined();
    for (const bad of ['', '.hidden', '../x', 'a/b', 'a\\b', 'x'.repeat(65), 'trailing ', 'nul\u0000']) {
      expect(templateNameProblem(bad), bad).toContain('is not allowed');
    }
  });

  it('name snapshots from the channel and the instant, to the millisecond', () => {
    expect(snapshotFileName('desertbus', parseInstant('2026-11-14T03:00:07.250999Z'), 'png')).toBe('desertbus-2026-11-14T03-00-07.250Z.png');
    expect(snapshotFileName('a/b', parseInstant('2026-11-14T03:00:07Z'), 'jpeg')).toBe('a_b-2026-11-14T03-00-07.000Z.jpg');
  });
});
