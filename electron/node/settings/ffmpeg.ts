/**
 * Which ffmpeg the desktop app uses: the one set in Settings, else FFMPEG_PATH, else the
 * first on PATH, else the copy a release bundles under
 * `<resources>/ffmpeg/<platform>/` (electron-builder `extraResources`; see README). The
 * choice is written to FFMPEG_PATH/FFPROBE_PATH so export and protocol code, which read
 * those, use exactly it.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { ffmpegSourceSchema } from '../../../shared/api/app';
import { locateProgram } from '../ffmpeg/locate';

export type FfmpegSource = z.output<typeof ffmpegSourceSchema>;

export interface FfmpegChoice {
  ffmpegPath: string;
  ffprobePath: string;
  source: FfmpegSource;
}

export interface FfmpegSearch {
  /** The path from Settings, if the user set one. */
  configuredPath: string | null;
  env: NodeJS.ProcessEnv;
  /** Electron's process.resourcesPath; undefined when not packaged. */
  resourcesPath: string | undefined;
  platform: NodeJS.Platform;
}

function executableName(program: 'ffmpeg' | 'ffprobe', platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${program}.exe` : program;
}

/** Where a release keeps its own ffmpeg and ffprobe. */
export function bundledFfmpegDir(resourcesPath: string, platform: NodeJS.Platform): string {
  return path.join(resourcesPath, 'ffmpeg', platform);
}

async function isExecutable(filePath: string): Promise<boolean> {
  return access(filePath, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** ffprobe is looked for beside the chosen ffmpeg: they come as a pair. */
function besideIt(ffmpegPath: string, platform: NodeJS.Platform): string {
  return path.join(path.dirname(ffmpegPath), executableName('ffprobe', platform));
}

/** The ffmpeg to use, or undefined when there is none anywhere. */
export async function chooseFfmpeg(search: FfmpegSearch): Promise<FfmpegChoice | undefined> {
  const { configuredPath, env, platform } = search;
  if (configuredPath) return { ffmpegPath: configuredPath, ffprobePath: besideIt(configuredPath, platform), source: 'settings' };
  if (env.FFMPEG_PATH) return { ffmpegPath: env.FFMPEG_PATH, ffprobePath: env.FFPROBE_PATH ?? besideIt(env.FFMPEG_PATH, platform), source: 'environment' };
  const onPath = await locateProgram('ffmpeg', { PATH: env.PATH }).catch(() => undefined);
  if (onPath) {
    const ffprobePath = await locateProgram('ffprobe', { PATH: env.PATH }).catch(() => besideIt(onPath, platform));
    return { ffmpegPath: onPath, ffprobePath, source: 'path' };
  }
  if (search.resourcesPath === undefined) return undefined;
  const bundled = path.join(bundledFfmpegDir(search.resourcesPath, platform), executableName('ffmpeg', platform));
  if (!(await isExecutable(bundled))) return undefined;
  return { ffmpegPath: bundled, ffprobePath: besideIt(bundled, platform), source: 'bundled' };
}

/** Makes every later ffmpeg lookup in this process find the chosen pair. */
export function useFfmpeg(choice: FfmpegChoice, env: NodeJS.ProcessEnv): void {
  env.FFMPEG_PATH = choice.ffmpegPath;
  env.FFPROBE_PATH = choice.ffprobePath;
}
