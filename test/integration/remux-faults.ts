/**
 * Breaking the remuxing ffmpeg of an MP4/MKV export at the moment that used to hang it:
 * while the exporter is not writing to it (it waits for an edge encode's output), the
 * remux dies (killed, or its disk fills). Processes are found in /proc as children of
 * the exporting process (this test process, or a CLI / serve child), so tests running
 * at the same time are never touched. Linux only, like the fault tests.
 */
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface ChildFfmpeg {
  pid: number;
  args: string[];
}

/** The ffmpeg processes whose parent is `parentPid`. */
export function childFfmpegs(parentPid: number): ChildFfmpeg[] {
  const found: ChildFfmpeg[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent; the name in field 2 may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== parentPid) continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (path.basename(args[0] ?? '') === 'ffmpeg') found.push({ pid: Number(name), args });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The remux reads the cut from stdin; an edge encode writes its part to stdout. */
function roleOf(child: ChildFfmpeg): 'remux' | 'encode' | undefined {
  if (child.args.includes('pipe:0')) return 'remux';
  return child.args.at(-1) === 'pipe:1' ? 'encode' : undefined;
}

export interface StalledExport {
  remux: ChildFfmpeg;
  encode: ChildFfmpeg;
}

/** The remux and a running edge encode of `parentPid`'s export, or undefined if not both run. */
export function findRemuxAndEncode(parentPid: number): StalledExport | undefined {
  const children = childFfmpegs(parentPid);
  const remux = children.find((child) => roleOf(child) === 'remux');
  const encode = children.find((child) => roleOf(child) === 'encode');
  return remux && encode ? { remux, encode } : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone: the export may have ended it first.
  }
}

async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      // A zombie still has /proc/PID: only its parent reaping it (Node's 'exit') removes it.
      readFileSync(`/proc/${pid}/stat`);
    } catch {
      return;
    }
    await sleep(10);
  }
}

export type RemuxFault = 'killed' | 'disk-full';

/**
 * Pauses the edge encode (so the exporter waits for it and writes nothing), breaks the
 * remux, waits until its parent has seen it exit, then lets the encode go on: the next
 * write goes to a dead ffmpeg. `fillDir`, for 'disk-full', is the destination folder:
 * it is filled to the last byte and the remux, fed again, runs out of space.
 */
export async function breakRemux(found: StalledExport, fault: RemuxFault, fillDir?: string): Promise<void> {
  signal(found.encode.pid, 'SIGSTOP');
  try {
    if (fault === 'killed') {
      signal(found.remux.pid, 'SIGKILL');
      await gone(found.remux.pid);
      await sleep(100);
    } else {
      fillToTheBrim(path.join(fillDir!, 'filler'));
    }
  } finally {
    signal(found.encode.pid, 'SIGCONT');
  }
}

/** Writes `file` until the disk refuses even one more byte. */
function fillToTheBrim(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [64 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch {
        // Stopped by the full disk: that is the point; smaller writes take the rest.
      }
    }
  } finally {
    closeSync(fd);
  }
}

export interface BreakOptions {
  /** Which edge encode to stall, counting from 1 (default 2: the end of a one-range fast cut). */
  encodeNumber?: number;
  /** The destination folder, for 'disk-full'. */
  fillDir?: string;
}

/**
 * The last edge encode is the default: by then the remux has written its header and
 * writes as bytes arrive, so a full disk stops it at once (at the first one it would
 * still be probing its input, and fail only when we write again).
 */
const DEFAULT_ENCODE_NUMBER = 2;

/** Polls `parentPid` (another process) for its remux and n-th edge encode, then breaks the remux. */
export async function whenEncodingBreakRemux(parentPid: number, fault: RemuxFault, options: BreakOptions = {}, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const encodes = new Set<number>();
  for (;;) {
    const found = findRemuxAndEncode(parentPid);
    if (found) encodes.add(found.encode.pid);
    if (found && encodes.size === (options.encodeNumber ?? DEFAULT_ENCODE_NUMBER)) return breakRemux(found, fault, options.fillDir);
    if (Date.now() > deadline) throw new Error(`no remux and edge encode of process ${parentPid} seen within ${timeoutMs} ms`);
    await sleep(5);
  }
}

export interface RemuxBreaker {
  /** Resolves once the remux was broken; an export that never re-encoded leaves it pending. */
  broken: Promise<void>;
  stop(): void;
}

/**
 * In this process: when the n-th edge encode starts while a remux runs, breaks the
 * remux. Node announces every spawn on the 'child_process' diagnostics channel, so the
 * encode is paused before it produced a byte, however fast the footage encodes.
 */
export function breakRemuxAtEncode(fault: RemuxFault, options: BreakOptions = {}): RemuxBreaker {
  let remux: ChildProcess | undefined;
  let encodes = 0;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const broken = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const onSpawn = (message: unknown) => {
    const child = (message as { process: ChildProcess }).process;
    // Published before the spawn itself: the pid and arguments are there a microtask later.
    queueMicrotask(() => {
      const args = child.spawnargs ?? [];
      if (args.includes('pipe:0')) remux = child;
      else if (remux?.pid && child.pid && args.at(-1) === 'pipe:1' && ++encodes === (options.encodeNumber ?? DEFAULT_ENCODE_NUMBER)) {
        const found = { remux: { pid: remux.pid, args: remux.spawnargs }, encode: { pid: child.pid, args } };
        breakRemux(found, fault, options.fillDir).then(settle!.resolve, settle!.reject);
      }
    });
  };
  subscribe('child_process', onSpawn);
  return { broken, stop: () => unsubscribe('child_process', onSpawn) };
}

/** A tmpfs of `sizeBytes` on `dir` (needs root); false where mounting is not allowed. */
export function mountTmpfs(dir: string, sizeBytes: number): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir]);
}
