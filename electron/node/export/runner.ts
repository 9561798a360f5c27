/**
 * Runs a cut plan. A stream plan's parts (copied segments, ffmpeg edge encodes) are
 * written in order into a sink; a command plan's ffmpeg commands each write one output.
 * The run owns its ffmpeg processes: cancel kills exactly those.
 */
import path from 'node:path';
import type { CommandPlan, CopyPart, CutPlan, EncodePart, FileCommand, StreamPart, StreamPlan } from '../../../shared/cutplan';
import { TrimdeskError } from '../../../shared/errors';
import { PipeClosedError } from '../ffmpeg/pipe-write';
import { FfmpegRunError, runFfmpeg, type FfmpegProcess, type RunOptions } from '../ffmpeg/run';
import { DiskFullError, freeBytes, isOutOfSpace, type SafeOutput } from './safe-output';
import { segmentChunks } from './segment-chunks';
import { FileSink, RetimeSink, WritableSink, type ByteSink } from './sink';
import { fadeRunner } from './sound-join/fade-run';
import { SoundFadeSink } from './sound-join/fade-sink';

export { SourceReadError } from './segment-chunks';

/** The job was cancelled; whatever it had written is removed. */
export class CancelledError extends TrimdeskError {
  constructor() {
    super('cancelled', 'Export cancelled');
    this.name = 'CancelledError';
  }
}

export class PlanRun {
  private readonly processes = new Set<FfmpegProcess>();
  private cancelled = false;
  private readonly totalUs: number;
  private doneUs = 0;
  /** Every ffmpeg command line this run started, for bug reports. */
  readonly commands: string[][] = [];

  constructor(
    readonly plan: CutPlan,
    private readonly onProgress: (fraction: number) => void = () => undefined,
  ) {
    const units = plan.mode === 'stream' ? plan.parts : plan.commands;
    this.totalUs = Math.max(
      1,
      units.reduce((total, unit) => total + unit.durationUs, 0),
    );
  }

  /** Ends this run's ffmpeg processes; the running step fails with CancelledError. */
  cancel(): void {
    this.cancelled = true;
    for (const process of this.processes) process.kill();
  }

  private checkCancelled(): void {
    if (this.cancelled) throw new CancelledError();
  }

  private report(partUs: number, fraction: number): void {
    this.onProgress(Math.min(1, (this.doneUs + partUs * Math.min(1, Math.max(0, fraction))) / this.totalUs));
  }

  private spawn(argv: string[], options: RunOptions = {}): FfmpegProcess {
    this.checkCancelled();
    this.commands.push(argv);
    const process = runFfmpeg(argv, options);
    this.processes.add(process);
    process.done.then(
      () => this.processes.delete(process),
      () => this.processes.delete(process),
    );
    return process;
  }

  /** Waits for ffmpeg; a failure caused by cancel() is reported as CancelledError. */
  private async settle(process: FfmpegProcess): Promise<void> {
    try {
      await process.done;
    } catch (error) {
      this.checkCancelled();
      throw error;
    }
  }

  /** Writes parts (a stream plan's, or an archive file's segments), in order, into `sink`. */
  private async streamInto(parts: readonly StreamPart[], sink: ByteSink): Promise<void> {
    for (const part of parts) {
      sink.startPart(partName(part));
      if (part.kind === 'copy') await this.copy(part, sink);
      else await this.encode(part, sink);
      this.doneUs += part.durationUs;
      this.report(0, 0);
    }
    await sink.finish();
  }

  private async copy(part: CopyPart, sink: ByteSink): Promise<void> {
    let copied = 0;
    let fileIndex = 0;
    for await (const chunk of segmentChunks(part.paths)) {
      this.checkCancelled();
      if (chunk.fileIndex !== fileIndex) {
        fileIndex = chunk.fileIndex;
        sink.startFile(`segment ${part.paths[fileIndex]}`);
      }
      // The chunk is the sink's now (a fresh buffer per read): written as read, no copy.
      await sink.write(chunk.bytes);
      copied += chunk.bytes.length;
      this.report(part.durationUs, part.bytes > 0 ? copied / part.bytes : 0);
    }
  }

  private async encode(part: EncodePart, sink: ByteSink): Promise<void> {
    const process = this.spawn(part.argv, { onProgress: (outTimeUs) => this.report(part.durationUs, outTimeUs / part.durationUs) });
    try {
      for await (const chunk of process.stdout) {
        this.checkCancelled();
        await sink.write(chunk as Buffer);
      }
    } catch (error) {
      process.kill();
      throw error;
    }
    await this.settle(process);
  }

  /** Runs the plan into a byte sink (a cut streamed over HTTP): stream plans, or one ffmpeg writing to stdout. */
  async toSink(sink: ByteSink): Promise<void> {
    const plan = this.plan;
    if (plan.mode === 'stream') {
      await this.streamInto(plan.parts, this.planSink(plan, sink));
      return;
    }
    for (const command of plan.commands) {
      await this.encode({ kind: 'encode', argv: command.argv, paths: command.paths, durationUs: command.durationUs, why: 'full cut' }, sink);
    }
    await sink.finish();
  }

  /** Runs the whole plan into its temporary files; the caller commits or aborts them. */
  async toFiles(outputs: readonly SafeOutput[]): Promise<void> {
    try {
      if (this.plan.mode === 'stream') await this.streamToFile(this.plan, outputs[0]!);
      else await this.commandsToFiles(this.plan, outputs);
    } catch (error) {
      throw await explainWriteFailure(error, outputs, this.plan.estimatedBytes);
    }
  }

  private async streamToFile(plan: StreamPlan, output: SafeOutput): Promise<void> {
    if (plan.remux) await this.remuxInto(plan.remux, output, plan.parts, (sink) => this.planSink(plan, sink));
    else await this.streamInto(plan.parts, this.planSink(plan, new FileSink(output)));
  }

  /**
   * What a stream plan's bytes pass through before `sink`: the re-timer, and before it
   * the sound fade at hard cuts (it works on each part's own clock, so the re-timer sees
   * the same frames and timestamps as without it).
   */
  private planSink(plan: StreamPlan, sink: ByteSink): ByteSink {
    const retimed = plan.retime ? new RetimeSink(sink) : sink;
    if (!plan.soundFade) return retimed;
    return new SoundFadeSink(
      retimed,
      plan,
      fadeRunner(plan.soundFade.ffmpegPath, (argv) => this.spawnSettled(argv)),
    );
  }

  /** spawn whose `done` reports a failure caused by cancel() as CancelledError. */
  private spawnSettled(argv: string[]): FfmpegProcess {
    const process = this.spawn(argv);
    return { ...process, done: this.settle(process), kill: () => process.kill() };
  }

  /** ffmpeg `command` writes the container itself (it needs to seek): it takes over the temporary file and reads the parts on stdin. */
  private async remuxInto(command: FileCommand, output: SafeOutput, parts: readonly StreamPart[], into: (sink: ByteSink) => ByteSink): Promise<void> {
    await output.release();
    const remux = this.spawn(command.argv, { stdin: true });
    const direct = new WritableSink(remux.stdin!, { name: 'the remuxing ffmpeg', child: remux.child });
    try {
      await this.streamInto(parts, into(direct));
    } catch (error) {
      remux.kill();
      const remuxError: unknown = await remux.done.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      throw remuxFailure(error, remuxError);
    }
    await this.settle(remux);
  }

  private async commandsToFiles(plan: CommandPlan, outputs: readonly SafeOutput[]): Promise<void> {
    for (const [index, command] of plan.commands.entries()) {
      // An archive file is its segments re-timed from 0 into ffmpeg's stdin (progress counted per part).
      if (command.feed) {
        await this.remuxInto(command, outputs[index]!, [command.feed], (sink) => new RetimeSink(sink));
        continue;
      }
      await outputs[index]!.release();
      const process = this.spawn(command.argv, { onProgress: (outTimeUs) => this.report(command.durationUs, outTimeUs / command.durationUs) });
      await this.settle(process);
      this.doneUs += command.durationUs;
      this.report(0, 0);
    }
  }
}

/**
 * Which error explains a failed remux: when ffmpeg died first (disk full, killed, a
 * stream the container cannot hold) its own status and last error line say more than
 * the broken pipe we saw; when we failed first (a missing segment) and killed it, ours.
 */
function remuxFailure(ourError: unknown, remuxError: unknown): unknown {
  if (!(remuxError instanceof FfmpegRunError)) return ourError;
  return remuxError.outOfSpace || ourError instanceof PipeClosedError ? remuxError : ourError;
}

/** How errors about a part's bytes (from the re-timer) name it. */
function partName(part: CopyPart | EncodePart): string {
  if (part.kind === 'encode') return `the re-encoded ${part.why}`;
  const first = part.paths[0]!;
  return part.paths.length === 1 ? `segment ${first}` : `${part.paths.length} segments copied from ${first} on`;
}

/** A write that hit a full disk (ours or ffmpeg's) becomes DiskFullError; others pass. */
async function explainWriteFailure(error: unknown, outputs: readonly SafeOutput[], neededBytes: number): Promise<unknown> {
  const full = isOutOfSpace(error) || (error instanceof FfmpegRunError && error.outOfSpace);
  if (!full || outputs.length === 0) return error;
  const directory = path.dirname(outputs[0]!.finalPath);
  return new DiskFullError(directory, neededBytes, await freeBytes(directory));
}
