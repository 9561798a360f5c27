/**
 * The system side of a hard cut's fade: one ffmpeg run per join that decodes both
 * sides' frames (written to two temporary ADTS files), fades and re-encodes them to
 * ADTS on stdout; and reading a source segment for decoder pre-roll.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BASE_ARGS } from '../../../../shared/cutplan/types';
import { fadeFilter, type JoinSources } from '../../../../shared/soundjoin/fade-join';
import type { FadeRunner } from '../../../../shared/soundjoin/splice';
import type { FfmpegProcess } from '../../ffmpeg/run';

export type { FadeRunner } from '../../../../shared/soundjoin/splice';

/** Starts an ffmpeg command line the caller owns (a PlanRun's spawn: logged, cancelled with the job). */
export type SpawnFfmpeg = (argv: string[]) => FfmpegProcess;

/** The ffmpeg command line of one join's fade: two ADTS inputs, the fade graph, AAC in ADTS out. */
export function fadeArgv(ffmpegPath: string, tailFile: string, headFile: string, sources: JoinSources): string[] {
  return [
    ffmpegPath,
    ...BASE_ARGS,
    '-f',
    'aac',
    '-i',
    tailFile,
    '-f',
    'aac',
    '-i',
    headFile,
    '-filter_complex',
    fadeFilter(sources),
    '-map',
    '[out]',
    '-c:a',
    'aac',
    '-b:a',
    String(sources.bitRate),
    '-f',
    'adts',
    'pipe:1',
  ];
}

/** A FadeRunner whose ffmpeg runs go through `spawn` and whose temporary files go under the system's temp folder. */
export function fadeRunner(ffmpegPath: string, spawn: SpawnFfmpeg): FadeRunner {
  return {
    async sourceBytes(segmentPath) {
      return readFile(segmentPath).catch(() => null);
    },
    async encodeJoin(sources) {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-fade-'));
      try {
        const tailFile = path.join(folder, 'tail.aac');
        const headFile = path.join(folder, 'head.aac');
        await writeFile(tailFile, Buffer.concat(sources.tail));
        await writeFile(headFile, Buffer.concat(sources.head));
        const process = spawn(fadeArgv(ffmpegPath, tailFile, headFile, sources));
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdout) chunks.push(chunk as Buffer);
        await process.done;
        return Buffer.concat(chunks);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}
