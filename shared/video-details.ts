/**
 * What a video needs besides its footage, as an editor prepares it for a video site:
 * title, description, tags, notes for other editors, and the thumbnail choice. Chapter
 * titles are the ranges' labels (shared/rangelist's chapter lines). Pure: the file form
 * (project files, the API, the sidecar), validation with the limits video sites set, and
 * the texts an export writes beside the video.
 */
import { z } from 'zod';
import { youtubeChapters, type ListedRange } from './rangelist';
import { boxProblem, type Box, type Size } from './thumbnail';
import { formatInstant, parseInstant } from './time';

export const MAX_TITLE_CHARS = 100;
export const MAX_DESCRIPTION_CHARS = 5000;
/** Tags together, counted as the video site counts them (commas between, quotes around a tag with a space). */
export const MAX_TAGS_CHARS = 500;
export const MAX_NOTES_CHARS = 20_000;

export type ThumbnailChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'template'; readonly template: string; readonly instantUs: number; readonly crop: Box; readonly location: Box }
  /** An image file on the machine that exports (absolute path), copied beside the video. */
  | { readonly kind: 'image'; readonly path: string };

export interface VideoDetails {
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly notes: string;
  readonly thumbnail: ThumbnailChoice;
}

export const EMPTY_DETAILS: VideoDetails = { title: '', description: '', tags: [], notes: '', thumbnail: { kind: 'none' } };

const boxSchema = z.tuple([z.int().min(0), z.int().min(0), z.int().min(0), z.int().min(0)]);

/** The file form: instants as ISO text, boxes as `[left, top, right, bottom]`. Lengths are checked by detailsProblems, not here. */
export const detailsFileSchema = z.object({
  title: z.string().max(10_000),
  description: z.string().max(100_000),
  tags: z.array(z.string().max(10_000)).max(1000),
  notes: z.string().max(100_000),
  thumbnail: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({
      kind: z.literal('template'),
      template: z.string().min(1).max(64),
      instant: z.string().refine(isInstantText, 'not an ISO 8601 UTC time like 2026-11-14T03:00:00.000000Z'),
      crop: boxSchema,
      location: boxSchema,
    }),
    z.object({ kind: z.literal('image'), path: z.string().min(1).max(4096) }),
  ]),
});

export type DetailsFile = z.output<typeof detailsFileSchema>;

function isInstantText(text: string): boolean {
  try {
    parseInstant(text);
    return true;
  } catch {
    return false;
  }
}

const toBox = ([left, top, right, bottom]: readonly number[]): Box => ({ left: left!, top: top!, right: right!, bottom: bottom! });
const fromBox = (box: Box): [number, number, number, number] => [box.left, box.top, box.right, box.bottom];

export function detailsFromFile(file: DetailsFile): VideoDetails {
  const thumbnail: ThumbnailChoice =
    file.thumbnail.kind === 'template'
      ? {
          kind: 'template',
          template: file.thumbnail.template,
          instantUs: parseInstant(file.thumbnail.instant),
          crop: toBox(file.thumbnail.crop),
          location: toBox(file.thumbnail.location),
        }
      : file.thumbnail;
  return { title: file.title, description: file.description, tags: [...file.tags], notes: file.notes, thumbnail };
}

export function detailsToFile(details: VideoDetails): DetailsFile {
  const choice = details.thumbnail;
  const thumbnail: DetailsFile['thumbnail'] =
    choice.kind === 'template'
      ? {
          kind: 'template',
          template: choice.template,
          instant: formatInstant(choice.instantUs),
          crop: fromBox(choice.crop),
          location: fromBox(choice.location),
        }
      : choice;
  return { title: details.title, description: details.description, tags: [...details.tags], notes: details.notes, thumbnail };
}

export function isEmptyDetails(details: VideoDetails): boolean {
  return details.title === '' && details.description === '' && details.tags.length === 0 && details.notes === '' && details.thumbnail.kind === 'none';
}

/** Tags as the user types them: comma-separated, trimmed, empty ones dropped. */
export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** Characters the tags take on a video site: each tag, a comma between two, quotes around one with a space. */
export function tagsLength(tags: readonly string[]): number {
  const text = tags.reduce((total, tag) => total + [...tag].length + (tag.includes(' ') ? 2 : 0), 0);
  return text + Math.max(0, tags.length - 1);
}

export interface DetailsProblem {
  readonly field: 'title' | 'description' | 'tags' | 'notes' | 'thumbnail';
  readonly message: string;
}

function characters(text: string): number {
  return [...text].length;
}

/**
 * Every reason these details would be refused by a video site or cannot be exported,
 * each naming the field, the limit and what to do. `templateSize` is the chosen
 * template's size when known (the boxes are checked against it).
 */
export function detailsProblems(details: VideoDetails, templateSize?: Size): DetailsProblem[] {
  const problems: DetailsProblem[] = [];
  const title = characters(details.title);
  if (title > MAX_TITLE_CHARS) {
    problems.push({
      field: 'title',
      message: `The title is ${title} characters; video sites allow ${MAX_TITLE_CHARS}. Shorten it by ${title - MAX_TITLE_CHARS}.`,
    });
  }
  if (/[<>]/.test(details.title)) problems.push({ field: 'title', message: 'The title contains < or >, which video sites refuse. Remove them.' });
  const description = characters(details.description);
  if (description > MAX_DESCRIPTION_CHARS) {
    problems.push({
      field: 'description',
      message: `The description is ${description} characters; video sites allow ${MAX_DESCRIPTION_CHARS}. Shorten it by ${description - MAX_DESCRIPTION_CHARS}.`,
    });
  }
  const tags = tagsLength(details.tags);
  if (tags > MAX_TAGS_CHARS) {
    problems.push({ field: 'tags', message: `The tags take ${tags} characters in total; video sites allow ${MAX_TAGS_CHARS}. Remove or shorten some tags.` });
  }
  if (characters(details.notes) > MAX_NOTES_CHARS) {
    problems.push({ field: 'notes', message: `The editor notes are over ${MAX_NOTES_CHARS} characters. Shorten them.` });
  }
  problems.push(...thumbnailProblems(details.thumbnail, templateSize));
  return problems;
}

function thumbnailProblems(choice: ThumbnailChoice, templateSize: Size | undefined): DetailsProblem[] {
  if (choice.kind === 'image') {
    return /\.(png|jpe?g)$/i.test(choice.path) ? [] : [{ field: 'thumbnail', message: `The thumbnail ${choice.path} is not a .png or .jpg file. Choose one.` }];
  }
  if (choice.kind === 'none' || templateSize === undefined) return [];
  return [boxProblem(choice.crop, templateSize, 'crop'), boxProblem(choice.location, templateSize, 'location')].flatMap((message) =>
    message === undefined ? [] : [{ field: 'thumbnail' as const, message }],
  );
}

/** The description to paste on the video site: the text, then the chapter lines when there are two ranges or more. */
export function descriptionText(details: VideoDetails, ranges: readonly ListedRange[], overlapsUs: readonly number[]): string {
  const text = details.description.trimEnd();
  if (ranges.length < 2) return `${text}\n`;
  const chapters = youtubeChapters(ranges, overlapsUs);
  return text === '' ? chapters : `${text}\n\nChapters\n${chapters}`;
}

/** The sidecar JSON beside an exported video: the details, the chapters, and which files hold the rest. */
export function sidecarJson(
  details: VideoDetails,
  chapters: { ranges: readonly ListedRange[]; overlapsUs: readonly number[] },
  files: { video: string; description: string; thumbnail: string | null },
): string {
  const lines = chapters.ranges.length < 2 ? [] : youtubeChapters(chapters.ranges, chapters.overlapsUs).trimEnd().split('\n');
  const sidecar = {
    format: 'trimdesk-video-details',
    version: 1,
    video: files.video,
    title: details.title,
    description: details.description,
    tags: details.tags,
    notes: details.notes,
    chapters: lines.map((line) => {
      const space = line.indexOf(' ');
      return { start: line.slice(0, space), title: line.slice(space + 1) };
    }),
    descriptionFile: files.description,
    thumbnailFile: files.thumbnail,
    thumbnail: detailsToFile(details).thumbnail,
  };
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}

/** The files an export writes beside `videoPath` (`clip.ts`: `clip.details.json`, `clip.description.txt`, `clip.thumbnail.png`). */
export function sidecarPaths(videoPath: string, thumbnail: ThumbnailChoice): { json: string; description: string; thumbnail: string | null } {
  const base = videoPath.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const extension = thumbnail.kind === 'image' ? (/\.jpe?g$/i.test(thumbnail.path) ? 'jpg' : 'png') : 'png';
  return {
    json: `${base}.details.json`,
    description: `${base}.description.txt`,
    thumbnail: thumbnail.kind === 'none' ? null : `${base}.thumbnail.${extension}`,
  };
}
