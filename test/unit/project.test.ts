import { describe, expect, it } from 'vitest';
import { MAX_EDIT_RANGES } from '../../shared/edit';
import { ProjectFileError, parseProject, serializeProject, type Project } from '../../shared/project';
import { parseInstant } from '../../shared/time';

const at = (iso: string) => parseInstant(iso);

const project: Project = {
  archive: '/mnt/drive',
  channel: 'desertbus',
  quality: 'source',
  window: { startUs: at('2026-11-14T03:00:00Z'), endUs: at('2026-11-14T04:00:00Z') },
  ranges: [
    { startUs: at('2026-11-14T03:00:10.5Z'), endUs: at('2026-11-14T03:00:20.000001Z'), label: 'Intro, "cold open"' },
    { startUs: at('2026-11-14T03:10:00Z'), endUs: null, label: '' },
  ],
  transitions: [{ kind: 'named', name: 'fade', durationUs: 1_500_000 }],
};

function fileWith(change: (file: Record<string, unknown>) => void): string {
  const file = JSON.parse(serializeProject(project)) as Record<string, unknown>;
  change(file);
  return JSON.stringify(file);
}

describe('project files', () => {
  it('round-trip exactly, microseconds and open ranges included', () => {
    expect(parseProject(serializeProject(project), 'p.trimdesk.json')).toEqual(project);
  });

  it.each([
    ['not JSON', '{ranges: []', /not JSON/],
    ['another format', fileWith((f) => (f.format = 'losslesscut')), /format/],
    ['a newer version', fileWith((f) => (f.version = 7)), /newer Trimdesk \(project version 7\)/],
    ['a bad time', fileWith((f) => ((f.ranges as { start: string }[])[0]!.start = '3 pm')), /ranges\[0\]\.start: not an ISO 8601 UTC time/],
    [
      'an end before the start',
      fileWith((f) => ((f.ranges as { end: string }[])[0]!.end = '2026-11-14T03:00:00Z')),
      /ranges\[0\]: the end must be after the start/,
    ],
    [
      'an unknown transition',
      fileWith((f) => (f.transitions = [{ kind: 'named', name: 'fade,drawtext=x', seconds: 1 }])),
      /transitions\[0\]\.name: not a transition of the catalogue/,
    ],
    ['too few transitions', fileWith((f) => (f.transitions = [])), /2 ranges need 1 transitions/],
    ['a missing channel', fileWith((f) => delete f.channel), /channel/],
  ])('refuses %s, naming the field', (_case, text, message) => {
    expect(() => parseProject(text, 'bad.trimdesk.json')).toThrow(ProjectFileError);
    expect(() => parseProject(text, 'bad.trimdesk.json')).toThrow(message);
  });

  it('names the file in every error', () => {
    expect(() => parseProject('[]', 'edit-3.trimdesk.json')).toThrow(/^edit-3\.trimdesk\.json is not a Trimdesk project: /);
  });

  it('opens a project at the range limit and refuses one past it, naming the count and the limit', () => {
    const sized = (count: number): Project => ({
      ...project,
      ranges: Array.from({ length: count }, (_, index) => ({
        startUs: project.window!.startUs + index * 100_000,
        endUs: project.window!.startUs + index * 100_000 + 50_000,
        label: '',
      })),
      transitions: Array.from({ length: count - 1 }, () => ({ kind: 'cut' as const })),
    });
    expect(parseProject(serializeProject(sized(MAX_EDIT_RANGES)), 'big.trimdesk.json').ranges).toHaveLength(MAX_EDIT_RANGES);
    expect(() => parseProject(serializeProject(sized(MAX_EDIT_RANGES + 1)), 'huge.trimdesk.json')).toThrow(
      'huge.trimdesk.json is not a Trimdesk project: the edit has 20,001 ranges, more than the limit of 20,000; split it into several projects',
    );
  });
});
