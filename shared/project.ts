/**
 * The `.trimdesk.json` project file: which channel and quality, the window, the edit
 * (ranges with labels, transitions) and the video details. Versioned; every file is validated on open and a
 * bad one is refused with the field and the problem named. The editor's autosave uses
 * the same form.
 */
import { z } from 'zod';
import { rangeLimitProblem } from './edit';
import { TrimdeskError } from './errors';
import { fieldPath } from './field-path';
import { isKnownTransition } from './transitions';
import { formatInstant, parseInstant, US_PER_SECOND } from './time';
import { detailsFileSchema, detailsFromFile, detailsToFile, isEmptyDetails, type VideoDetails } from './video-details';

export const PROJECT_FORMAT = 'trimdesk-project';
export const PROJECT_VERSION = 1;
export const PROJECT_EXTENSION = '.trimdesk.json';

const instantText = z.string().refine((text) => {
  try {
    parseInstant(text);
    return true;
  } catch {
    return false;
  }
}, 'not an ISO 8601 UTC time like 2026-11-14T03:00:00.000000Z');

const transitionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cut') }),
  z.object({
    kind: z.literal('named'),
    name: z.string().refine(isKnownTransition, 'not a transition of the catalogue'),
    seconds: z.number().positive().max(3600),
  }),
]);

const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  /** Where the archive was when saved; informational (drives move). */
  archive: z.string().optional(),
  channel: z.string().min(1),
  quality: z.string().min(1),
  window: z.object({ start: instantText, end: instantText }).nullable(),
  ranges: z.array(z.object({ start: instantText, end: instantText.nullable(), label: z.string().max(500) })),
  transitions: z.array(transitionSchema),
  /** Title, description, tags, notes, thumbnail (shared/video-details); absent in older files. */
  details: detailsFileSchema.optional(),
});

export type ProjectFile = z.output<typeof projectSchema>;

/** Instants as integer microseconds; what the editor loads. */
export interface Project {
  archive: string | undefined;
  channel: string;
  quality: string;
  window: { startUs: number; endUs: number } | null;
  ranges: { startUs: number; endUs: number | null; label: string }[];
  transitions: ({ kind: 'cut' } | { kind: 'named'; name: string; durationUs: number })[];
  /** Absent in files without details (and then read as EMPTY_DETAILS). */
  details?: VideoDetails;
}

/** A project file that cannot be opened; the message names the field and the problem. */
export class ProjectFileError extends TrimdeskError {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super('bad-project', `${source} is not a Trimdesk project: ${problem}`, { source, problem });
    this.name = 'ProjectFileError';
  }
}

/** Reads and validates a project file's text. `source` (a file name) appears in errors. */
export function parseProject(text: string, source: string): Project {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProjectFileError(source, `it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof json === 'object' && json !== null && 'version' in json && typeof json.version === 'number' && json.version > PROJECT_VERSION) {
    throw new ProjectFileError(source, `it was saved by a newer Trimdesk (project version ${json.version}); update Trimdesk to open it`);
  }
  // Checked before the schema, which would read every range of a file far past the limit first.
  const tooMany =
    typeof json === 'object' && json !== null && 'ranges' in json && Array.isArray(json.ranges) ? rangeLimitProblem(json.ranges.length) : undefined;
  if (tooMany !== undefined) throw new ProjectFileError(source, tooMany);
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ProjectFileError(source, `${fieldPath(issue.path) || 'the file'}: ${issue.message}`);
  }
  return fromFile(parsed.data, source);
}

function fromFile(file: ProjectFile, source: string): Project {
  const ranges = file.ranges.map((range) => ({
    startUs: parseInstant(range.start),
    endUs: range.end === null ? null : parseInstant(range.end),
    label: range.label,
  }));
  ranges.forEach((range, index) => {
    if (range.endUs !== null && range.endUs <= range.startUs) throw new ProjectFileError(source, `ranges[${index}]: the end must be after the start`);
  });
  if (file.transitions.length !== Math.max(0, ranges.length - 1)) {
    throw new ProjectFileError(
      source,
      `${ranges.length} ranges need ${Math.max(0, ranges.length - 1)} transitions (hard cuts included), found ${file.transitions.length}`,
    );
  }
  const window = file.window === null ? null : { startUs: parseInstant(file.window.start), endUs: parseInstant(file.window.end) };
  if (window !== null && window.endUs <= window.startUs) throw new ProjectFileError(source, 'window: the end must be after the start');
  return {
    archive: file.archive,
    channel: file.channel,
    quality: file.quality,
    window,
    ranges,
    transitions: file.transitions.map((t) => (t.kind === 'cut' ? t : { kind: 'named', name: t.name, durationUs: Math.round(t.seconds * US_PER_SECOND) })),
    ...(file.details === undefined ? {} : { details: detailsFromFile(file.details) }),
  };
}

/** The project as file text (pretty JSON, stable field order). */
export function serializeProject(project: Project): string {
  const file: ProjectFile = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    ...(project.archive === undefined ? {} : { archive: project.archive }),
    channel: project.channel,
    quality: project.quality,
    window: project.window === null ? null : { start: formatInstant(project.window.startUs), end: formatInstant(project.window.endUs) },
    ranges: project.ranges.map((r) => ({ start: formatInstant(r.startUs), end: r.endUs === null ? null : formatInstant(r.endUs), label: r.label })),
    transitions: project.transitions.map((t) => (t.kind === 'cut' ? t : { kind: 'named', name: t.name, seconds: t.durationUs / US_PER_SECOND })),
    // Left out while empty, so projects without details read as they always did.
    ...(project.details === undefined || isEmptyDetails(project.details) ? {} : { details: detailsToFile(project.details) }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
