/**
 * Holds an export's ffmpeg still so a test can act on a job that cannot finish first.
 * Acting at a progress report races the encode: on a loaded machine a short re-encode
 * may already be exiting when its first report arrives. Node announces every spawn in
 * this process on the 'child_process' diagnostics channel, so the ffmpeg is stopped
 * (SIGSTOP) before it has done any real work, however fast or slow the machine is.
 * SIGKILL, which cancel and a crash send, still ends a stopped process.
 */
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface PausedFfmpeg {
  /** Resolves with the ffmpeg once it is stopped. */
  paused: Promise<ChildProcess>;
  /** Stops watching and lets a still-stopped ffmpeg go on (SIGCONT), so nothing is left hanging. */
  release(): void;
}

/** Stops the next ffmpeg this process spawns whose arguments mention `mention` (e.g. the output folder). */
export function pauseNextFfmpeg(mention: string): PausedFfmpeg {
  let stopped: ChildProcess | undefined;
  let resolvePaused!: (child: ChildProcess) => void;
  const paused = new Promise<ChildProcess>((resolve) => (resolvePaused = resolve));
  const onSpawn = (message: unknown) => {
    const child = (message as { process: ChildProcess }).process;
    // Published before the spawn itself: the pid and arguments are there a microtask later.
    queueMicrotask(() => {
      const args = child.spawnargs ?? [];
      if (stopped || !child.pid || path.basename(args[0] ?? '') !== 'ffmpeg' || !args.some((arg) => arg.includes(mention))) return;
      stopped = child;
      // process.kill, not child.kill: the child must not look killed to the code under test.
      process.kill(child.pid, 'SIGSTOP');
      resolvePaused(child);
    });
  };
  subscribe('child_process', onSpawn);
  return {
    paused,
    release() {
      unsubscribe('child_process', onSpawn);
      if (stopped?.pid && stopped.exitCode === null && stopped.signalCode === null) process.kill(stopped.pid, 'SIGCONT');
    },
  };
}

/** The paused ffmpeg, or a clear failure if the job ended without ever starting one. */
export async function whenPaused(pause: PausedFfmpeg, jobSettled: Promise<{ state: string; error: { message: string } | null }>): Promise<ChildProcess> {
  const endedFirst = jobSettled.then((job) => {
    throw new Error(`the job ended ${job.state} before its ffmpeg started${job.error ? `: ${job.error.message}` : ''}`);
  });
  return Promise.race([pause.paused, endedFirst]);
}
