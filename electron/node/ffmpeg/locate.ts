/**
 * Finding ffmpeg and ffprobe: FFMPEG_PATH / FFPROBE_PATH when set, else the first
 * executable of that name on PATH. A missing program is one error that says how to fix it.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { TrimdeskError } from '../../../shared/errors';

/** ffmpeg or ffprobe is missing or unusable; the message says what to install or set. */
export class FfmpegMissingError extends TrimdeskError {
  constructor(detail: string) {
    super(
      'ffmpeg-missing',
      `${detail}. Trimdesk needs ffmpeg and ffprobe 4.3 or newer with libx264: install them ` +
        '(Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) ' +
        'or set FFMPEG_PATH and FFPROBE_PATH to the programs.',
    );
    this.name = 'FfmpegMissingError';
  }
}

async function isExecutable(filePath: string): Promise<boolean> {
  try {
    await access(filePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `program`, from the environment variable or PATH. */
export async function locateProgram(program: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const variable = program === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
  const configured = env[variable];
  if (configured) {
    if (await isExecutable(configured)) return path.resolve(configured);
    throw new FfmpegMissingError(`${variable} is set to ${configured}, which is not an executable file`);
  }
  const suffixes = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const suffix of suffixes) {
      const candidate = path.join(dir, program + suffix);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  throw new FfmpegMissingError(`${program} was not found on PATH`);
}
