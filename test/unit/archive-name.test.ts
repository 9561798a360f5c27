import { describe, expect, it } from 'vitest';
import { archiveName } from '../../shared/archive-name';

describe('archiveName', () => {
  it.each([
    ['/mnt/drive/wubloader', 'wubloader'],
    ['/mnt/drive/wubloader/', 'wubloader'],
    ['D:\\archives\\desertbus-2026', 'desertbus-2026'],
    ['/', '/'],
    ['http://127.0.0.1:8089', '127.0.0.1:8089'],
    ['https://recorder-1.example:8000/archive/?x=1', 'recorder-1.example:8000/archive'],
    ['/work/test/.cache/demo-archive-2aea1f + http://127.0.0.1:44989', 'demo-archive-2aea1f'],
    ['http://recorder-1:8000 + /mnt/drive/wubloader', 'recorder-1:8000'],
  ])('%s -> %s', (root, name) => {
    expect(archiveName(root)).toBe(name);
  });
});
