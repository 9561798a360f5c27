/** What frameImage needs when an API method (not a route) asks for a frame: the archive, its path guard, ffmpeg located on use. */
import type { Archive } from '../archive/archive';
import { locateProgram } from '../ffmpeg/locate';
import type { FrameSource } from '../protocol/image-routes';
import { ArchivePaths } from '../protocol/path-guard';

export function frameSourceOf(archive: Archive, log: (message: string) => void): FrameSource {
  return { archive, paths: new ArchivePaths(archive.sealed), ffmpeg: () => locateProgram('ffmpeg'), ffprobe: () => locateProgram('ffprobe'), log };
}
