/**
 * The video details an export writes beside its video: the sidecar JSON, the plain-text
 * description with the chapters, and the thumbnail (composed from its template, or the
 * chosen image file copied). All are prepared before the job is queued, under the
 * video's own rules (../export/safe-output.ts: refused if they exist, unless overwriting),
 * and moved into place only when the video is: a failed or cancelled export leaves none.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TrimdeskError } from '../../../shared/errors';
import type { ListedRange } from '../../../shared/rangelist';
import { descriptionText, detailsProblems, sidecarJson, sidecarPaths, type VideoDetails } from '../../../shared/video-details';
import type { Archive } from '../archive/archive';
import { frameImage } from '../protocol/image-routes';
import { frameSourceOf } from '../thumbnail/frame-source';
import { composeThumbnail } from '../thumbnail/compose';
import { stagedFile } from '../thumbnail/saved-file';
import type { TemplateStore } from '../thumbnail/templates';
import type { ExportQueue } from '../export/queue';
import type { SafeOutput } from '../export/safe-output';

/** A chosen thumbnail image is copied whole; larger than this is not a thumbnail. */
const MAX_THUMBNAIL_FILE_BYTES = 20 * 1024 * 1024;

export interface SidecarRequest {
  archive: Archive;
  templates: TemplateStore;
  channel: string;
  quality: string;
  videoPath: string;
  details: VideoDetails;
  /** The ranges with their chapter titles, and each transition's overlap (0 for a cut). */
  chapters: { ranges: readonly ListedRange[]; overlapsUs: readonly number[] };
  overwrite: boolean;
  log: (message: string) => void;
}

async function thumbnailBytes(request: SidecarRequest): Promise<Uint8Array | null> {
  const choice = request.details.thumbnail;
  if (choice.kind === 'none') return null;
  if (choice.kind === 'image') {
    const info = await lstat(choice.path).catch(() => undefined);
    if (!info?.isFile()) throw new TrimdeskError('bad-input', `The thumbnail ${choice.path} is not a file here. Choose an existing .png or .jpg.`);
    if (info.size > MAX_THUMBNAIL_FILE_BYTES) throw new TrimdeskError('bad-input', `The thumbnail ${choice.path} is over 20 MB. Choose a smaller image.`);
    return readFile(choice.path);
  }
  const template = await request.templates.read(choice.template);
  const problems = detailsProblems(request.details, template);
  if (problems.length > 0) throw new TrimdeskError('bad-input', problems.map((problem) => problem.message).join(' '));
  const source = frameSourceOf(request.archive, request.log);
  const frame = await frameImage(source, request.channel, request.quality, choice.instantUs);
  return composeThumbnail({ ffmpeg: await source.ffmpeg(), frame, template, crop: choice.crop, location: choice.location, log: request.log });
}

/** Every sidecar file in a temporary file beside its final name; throws (leaving nothing) when one cannot be made. */
export async function stageSidecars(request: SidecarRequest): Promise<SafeOutput[]> {
  const problems = detailsProblems(request.details);
  if (problems.length > 0) throw new TrimdeskError('bad-input', `Video details: ${problems.map((problem) => problem.message).join(' ')}`);
  const paths = sidecarPaths(request.videoPath, request.details.thumbnail);
  const thumbnail = await thumbnailBytes(request);
  const files: [string, Uint8Array | string][] = [
    [paths.json, sidecarJson(request.details, request.chapters, nameOnly(request.videoPath, paths))],
    [paths.description, descriptionText(request.details, request.chapters.ranges, request.chapters.overlapsUs)],
    ...(paths.thumbnail !== null && thumbnail !== null ? [[paths.thumbnail, thumbnail] as [string, Uint8Array]] : []),
  ];
  const staged: SafeOutput[] = [];
  try {
    for (const [finalPath, bytes] of files) staged.push(await stagedFile(finalPath, bytes, request.overwrite));
  } catch (error) {
    await Promise.all(staged.map((output) => output.abort()));
    throw error;
  }
  return staged;
}

function nameOnly(videoPath: string, paths: ReturnType<typeof sidecarPaths>) {
  return {
    video: path.basename(videoPath),
    description: path.basename(paths.description),
    thumbnail: paths.thumbnail === null ? null : path.basename(paths.thumbnail),
  };
}

/** Moves the sidecars into place when job `jobId` is done; removes them when it fails or is cancelled. */
export function settleSidecarsWithJob(queue: ExportQueue, jobId: string, staged: readonly SafeOutput[], log: (message: string) => void): void {
  let settled = false;
  const settle = (state: string) => {
    if (settled) return;
    if (state === 'done') {
      settled = true;
      stop();
      void Promise.all(staged.map((output) => output.commit())).catch((error: Error) => log(`Could not save the video details of ${jobId}: ${error.message}`));
    } else if (state === 'failed' || state === 'cancelled') {
      settled = true;
      stop();
      void Promise.all(staged.map((output) => output.abort()));
    }
  };
  const stop = queue.subscribe((job) => {
    if (job.id === jobId) settle(job.state);
  });
  // The job may have ended between add() and this subscription.
  const now = queue.list().find((job) => job.id === jobId);
  if (now) settle(now.state);
}
