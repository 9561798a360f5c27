/**
 * `trimdesk cut` as a user runs it: a real child process, real ffmpeg, the demo archive.
 * Exit statuses, one-line reasons, --dry-run, Ctrl+C and a file-size limit.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { formatInstant } from '../../shared/time';
import { runCli, type CliOptions, type CliResult } from '../fixtures/cli';
import { childFfmpegs } from './remux-faults';
import { decodeErrors, filesIn, findFootage, frameRate, probeMedia, holedCopy, scratchCopy, videoSeconds, type Footage } from './export-media';

const S = 1_000_000;
let footage: Footage;
let outDir: string;

beforeAll(async () => {
  footage = await findFootage(inject('demoArchive'));
});
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cli-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** `trimdesk cut ARGS` as a child process. */
const cli = (args: string[], options: CliOptions = {}): Promise<CliResult> => runCli(['cut', ...args], options);

/** `--range` text for [from, to) seconds after the start of the footage. */
function range(from: number, to: number, source: Footage = footage): string {
  const startUs = source.segments[0]!.startUs;
  return `${formatInstant(startUs + from * S)},${formatInstant(startUs + to * S)}`;
}

function base(source: Footage = footage): string[] {
  return ['--archive', source.root, '--channel', source.channel, '--quality', source.quality];
}

describe('trimdesk cut', () => {
  it('--dry-run prints what is copied, what is re-encoded and each ffmpeg command, and writes nothing', async () => {
    const output = path.join(outDir, 'clip.ts');
    const result = await cli([...base(), '--range', range(1.5, 9.5), '--type', 'fast', '--dry-run', '-o', output]);
    expect(result.code).toBe(0);
    // fast is another name for smart.
    expect(result.stdout).toMatch(/smart cut to ts: 8\.000000 s/);
    expect(result.stdout).toMatch(/segment\(s\) copied as-is/);
    expect(result.stdout.match(/^encode \(.*\): \S*ffmpeg .* -f mpegts pipe:1$/gm)).toHaveLength(2);
    expect(await filesIn(outDir)).toEqual([]);
  });

  it('--dry-run says where the sound fades at hard cuts, and that it does not with --no-audio-fade', async () => {
    const output = path.join(outDir, 'clip.ts');
    const ranges = ['--range', range(1.5, 5.5), '--range', range(9.5, 13.5)];
    const faded = await cli([...base(), ...ranges, '--dry-run', '-o', output]);
    expect(faded.code).toBe(0);
    expect(faded.stdout).toMatch(
      /note: Sound fades out 5 ms before and back in 5 ms after each of the 1 hard cut\(s\) \(4\.\d+ s\), so joins do not click: only the 2 AAC frames either side of each join are re-encoded\./,
    );
    const plain = await cli([...base(), ...ranges, '--no-audio-fade', '--dry-run', '-o', output]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/note: Sound at the 1 hard cut\(s\) \(4\.\d+ s\) is joined as it is, without a fade\./);
  });

  it('a rough cut without ffmpeg joins the sound without the fade, says so in its plan, and still cuts', async () => {
    const output = path.join(outDir, 'clip.ts');
    const args = [...base(), '--range', range(1.5, 5.5), '--range', range(9.5, 13.5), '--type', 'rough', '-o', output];
    const noFfmpeg = { env: { FFMPEG_PATH: '/nonexistent/ffmpeg' } };
    const plan = await cli([...args, '--dry-run'], noFfmpeg);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /note: Sound at the 1 hard cut\(s\) \([\d.]+ s\) is joined as it is, without a fade: no usable ffmpeg to re-encode the sound at the joins \(.*\)\./,
    );
    const cut = await cli(args, noFfmpeg);
    expect(cut.code).toBe(0);
    expect(await decodeErrors(output)).toBe('');
  });

  it('cuts (smart by default), prints the output path and plain progress lines when not on a terminal', async () => {
    const output = path.join(outDir, 'clip.mp4');
    const result = await cli([...base(), '--range', range(1.5, 5.5), '--range', range(9, 13), '--transition', 'fade,1', '-o', output]);
    expect(result.stderr).toMatch(/progress 100%/);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(output);
    const info = await probeMedia(output, await frameRate(footage.pathOf(footage.segments[0]!)));
    expect(Math.abs(videoSeconds(info) - 7)).toBeLessThanOrEqual(1 / info.fps + 1e-6);
    expect(await decodeErrors(output)).toBe('');
    expect(await filesIn(outDir)).toEqual(['clip.mp4']);
  });

  it.each([
    [['--range', 'yesterday,today'], /range "yesterday,today"/],
    [['--type', 'medium'], /--type must be one of rough, fast, smart, full, archive/],
    [['--format', 'avi'], /--format must be one of/],
    [['--transition', 'fade'], /expected cut or NAME,SECONDS/],
    [['--transition', 'fade,2', '--transition', 'fade,1'], /at most 1/],
    [['--type', 'fast', '--format', 'webm'], /only a full cut/],
  ])('bad arguments %j exit 2 with a one-line reason', async (extra, reason) => {
    const ranges = extra.includes('--range') ? [] : ['--range', range(1, 3), '--range', range(5, 7)];
    const result = await cli([...base(), ...ranges, ...extra, '-o', path.join(outDir, 'clip.ts')]);
    expect(result.code).toBe(2);
    // The archive may warn about odd file names; the reason itself is one line.
    const reasons = result.stderr.split('\n').filter((line) => line.startsWith('trimdesk cut:'));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(reason);
    expect(await filesIn(outDir)).toEqual([]);
  });

  it('a transition typed with spaces and capitals reaches ffmpeg as the catalogue name', async () => {
    const output = path.join(outDir, 'clip.ts');
    const result = await cli([
      ...base(),
      '--range',
      range(1, 3),
      '--range',
      range(5, 7),
      '--transition',
      ' FADE , 1 ',
      '--type',
      'full',
      '--dry-run',
      '-o',
      output,
    ]);
    expect(result.stderr).not.toContain('trimdesk cut:');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('xfade=transition=fade:duration=1');
  });

  it('--transitions lists the catalogue, as the help says', async () => {
    const result = await cli(['--transitions']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^fade +The two shots blend evenly into each other\.$/m);
    expect(result.stdout).toMatch(/^wipeleft +/m);
  });

  it('an archive cut refuses an output name whose extension is not .mkv (the files are MKV)', async () => {
    const result = await cli([...base(), '--range', range(1, 5), '--type', 'archive', '-o', path.join(outDir, 'clip.ts')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^trimdesk cut: --type archive writes MKV files .*give -o a \.mkv name/m);
    expect(await filesIn(outDir)).toEqual([]);
  });

  it('a transition name with filter syntax is refused before ffmpeg is even looked for', async () => {
    const result = await cli(
      [...base(), '--range', range(1, 3), '--range', range(5, 7), '--transition', 'fade;[0:v]drawtext=text=x,1', '-o', path.join(outDir, 'clip.ts')],
      {
        env: { FFMPEG_PATH: '/nonexistent/ffmpeg' },
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a transition name');
  });

  it('a missing ffmpeg is one message saying what to install', async () => {
    const result = await cli([...base(), '--range', range(1, 3), '-o', path.join(outDir, 'clip.ts')], { env: { FFMPEG_PATH: '/nonexistent/ffmpeg' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FFMPEG_PATH is set to \/nonexistent\/ffmpeg.*install/);
  });

  it('a rough cut to MPEG-TS needs no ffmpeg at all: none is looked for or probed', async () => {
    const output = path.join(outDir, 'rough.ts');
    const result = await cli([...base(), '--range', range(1, 5), '--type', 'rough', '-o', output], { env: { FFMPEG_PATH: '/nonexistent/ffmpeg' } });
    // stderr has the demo's bad-name warnings, nothing about ffmpeg.
    expect(result.stderr).not.toMatch(/ffmpeg/i);
    expect(result.code).toBe(0);
    expect(await filesIn(outDir)).toEqual(['rough.ts']);
    expect(await decodeErrors(output)).toBe('');
  });

  it('a mistyped channel exits 2 naming the channels there are (not 3, "no footage")', async () => {
    const args = base().map((arg) => (arg === footage.channel ? 'no-such-channel' : arg));
    const result = await cli([...args, '--range', range(1, 5), '-o', path.join(outDir, 'clip.ts')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`trimdesk cut: --channel "no-such-channel" is not in ${footage.root} (channels: ${footage.channel}`);
    expect(await filesIn(outDir)).toEqual([]);
  });

  it('refuses to write into the archive (exit 1), leaving it untouched', async () => {
    const copy = await scratchCopy(footage, footage.segments.slice(0, 4));
    try {
      const hourDir = path.join(copy.root, copy.channel, copy.quality, copy.segments[0]!.hour);
      const before = await filesIn(hourDir);
      const output = path.join(hourDir, 'clip.ts');
      const result = await cli([...base(copy), '--range', range(1, 5, copy), '-o', output]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `trimdesk cut: Cannot write ${output} (inside-archive): Trimdesk only ever reads the archive. Choose a folder outside it.`,
      );
      expect(await filesIn(hourDir)).toEqual(before);
    } finally {
      await rm(copy.root, { recursive: true, force: true });
    }
  });

  it('no footage exits 3', async () => {
    const result = await cli([...base(), '--range', range(-7200, -7100), '--allow-holes', '-o', path.join(outDir, 'clip.ts')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/No footage at all in range 1/);
  });

  it('an existing destination exits 1 unless --overwrite', async () => {
    const output = path.join(outDir, 'clip.ts');
    await writeFile(output, 'keep me');
    const refused = await cli([...base(), '--range', range(1, 3), '--type', 'rough', '-o', output]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists.*--overwrite/);
    const replaced = await cli([...base(), '--range', range(1, 3), '--type', 'rough', '--overwrite', '-o', output]);
    expect(replaced.code).toBe(0);
    expect(await filesIn(outDir)).toEqual(['clip.ts']);
  });

  it('Ctrl+C cancels the job, removes its temporary file and exits 130', async () => {
    const output = path.join(outDir, 'clip.ts');
    let started!: (pid: number) => void;
    const jobStarted = new Promise<number>((resolve) => (started = resolve));
    let exited = false;
    const running = cli([...base(), '--range', range(0.5, 20), '--type', 'full', '-o', output], {
      onStderr: (text, pid) => {
        if (text.includes('progress')) started(pid);
      },
    }).finally(() => (exited = true));
    const pid = await Promise.race([
      jobStarted,
      running.then((result) => Promise.reject(new Error(`exited ${result.code} before its job started: ${result.stderr}`))),
    ]);
    // Its ffmpeg is held still (SIGSTOP) once it exists, so Ctrl+C meets the job mid-way
    // however loaded the machine; a quick encode would otherwise finish first.
    for (;;) {
      const ffmpeg = childFfmpegs(pid).find((child) => child.args.some((arg) => arg.includes(outDir)));
      if (ffmpeg) {
        process.kill(ffmpeg.pid, 'SIGSTOP');
        break;
      }
      if (exited) throw new Error(`trimdesk cut exited before its ffmpeg was seen: ${(await running).stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await filesIn(outDir)).some((name) => name.endsWith('.trimdesk-part'))).toBe(true);
    process.kill(pid, 'SIGINT');
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted; nothing was written/);
    expect(await filesIn(outDir)).toEqual([]);
  });

  it('a file-size limit hit midway gives the disk-full message and leaves nothing', async () => {
    const output = path.join(outDir, 'clip.ts');
    // ulimit -f counts KiB; writes past it fail with EFBIG (SIGXFSZ ignored), like a full disk.
    const result = await cli([...base(), '--range', range(0, 20), '--type', 'rough', '-o', output], { shellPrefix: 'ulimit -f 64; trap "" XFSZ;' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Destination disk is full \(needed about .+\)/);
    expect(await filesIn(outDir)).toEqual([]);
  });
});

describe('trimdesk cut on an archive with a hole', () => {
  let holed: Footage;
  beforeAll(async () => {
    holed = await holedCopy(footage, 8, 3);
  });
  afterAll(async () => {
    await rm(holed.root, { recursive: true, force: true });
  });

  it('refuses with exit 3 and the hole times, or skips the hole with --allow-holes', async () => {
    const missing = holed.segments[3]!;
    const output = path.join(outDir, 'clip.ts');
    const refused = await cli([...base(holed), '--range', range(1, 12, holed), '-o', output]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`No footage from ${formatInstant(missing.startUs)} to ${formatInstant(missing.endUs)}`);
    const skipped = await cli([...base(holed), '--range', range(1, 12, holed), '--allow-holes', '-o', output]);
    expect(skipped.code).toBe(0);
    const info = await probeMedia(output, await frameRate(holed.pathOf(holed.segments[0]!)));
    expect(Math.abs(videoSeconds(info) - (11 - missing.durationUs / S))).toBeLessThanOrEqual(1 / info.fps + 1e-6);
  });
});
