/**
 * Printing a plan: the ffmpeg command lines it runs, quoted for a POSIX shell, and the
 * text `trimdesk cut --dry-run` shows of what is copied and what is re-encoded.
 */
import { formatBytes } from '../size';
import { formatSecondsExact } from '../time';
import type { CutPlan, EncodePart } from './types';

/** Every ffmpeg command line of a plan, in the order they run. */
export function planCommands(plan: CutPlan): string[][] {
  if (plan.mode === 'commands') return plan.commands.map((command) => command.argv);
  const encodes = plan.parts.filter((part): part is EncodePart => part.kind === 'encode').map((part) => part.argv);
  return plan.remux ? [plan.remux.argv, ...encodes] : encodes;
}

/** Quotes an argument for a POSIX shell only when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** What a plan's cut type does to the footage, in a sentence a user can choose by. */
function whatItDoes(plan: CutPlan): string {
  switch (plan.cutType) {
    case 'rough':
      return 'whole segments copied as they are, only their clocks re-timed into one timeline from 0: no decoding; may start and end up to a segment outside each range; transitions ignored';
    case 'full':
      return 'every frame decoded and re-encoded by one ffmpeg run: any container, every transition, the most compatible file';
    case 'archive':
      return `whole segments re-timed from 0 and stream-copied (no re-encoding) into MKV, one file per run without holes: ${plan.mode === 'commands' ? plan.commands.length : 1} file(s); transitions ignored`;
    default:
      return 'exact cuts: the segment at each cut and the footage under each transition re-encoded to match the source, the rest copied; all re-timed into one timeline from 0';
  }
}

/** What running the plan costs: what is encoded, what is only copied. */
function whatItCosts(plan: CutPlan): string {
  if (plan.mode === 'commands') {
    return plan.cutType === 'full'
      ? `encoding all ${formatSecondsExact(plan.durationUs)} s: the slowest type; counts against the limit of full encodes at once`
      : `one ffmpeg stream copy per file, about what copying ${formatBytes(plan.estimatedBytes)} takes`;
  }
  const remux = plan.remux ? `then one ffmpeg stream copy (remux) into ${plan.format.toUpperCase()}` : null;
  const fades = plan.soundFade ? `one short ffmpeg run per hard cut for its sound fade (${plan.soundFade.cuts.length})` : null;
  const extras = [fades, remux].filter((extra) => extra !== null).join('; ');
  const copiedBytes = plan.parts.reduce((total, part) => total + (part.kind === 'copy' ? part.bytes : 0), 0);
  const encodes = plan.parts.filter((part) => part.kind === 'encode').length;
  if (encodes === 0) return `reading and writing ${formatBytes(copiedBytes)}, about what copying the files takes; ${extras || 'no ffmpeg'}`;
  const encoded = `${encodes} ffmpeg encode(s) of ${formatSecondsExact(plan.encodedUs)} s of footage in all, plus copying ${formatBytes(copiedBytes)}`;
  return extras ? `${encoded}; ${extras}` : encoded;
}

/** The plan as text: what is copied, what is re-encoded, and every command line. */
export function describePlan(plan: CutPlan): string[] {
  return [...planLines(plan)];
}

/**
 * describePlan one line at a time, so a shell can build the 24,000 lines of a 12,000-range
 * plan over several turns of its event loop (each line is a step; see planCutSteps).
 */
export function* planLines(plan: CutPlan): Generator<string, void, void> {
  yield `${plan.cutType} cut to ${plan.format}: ${formatSecondsExact(plan.durationUs)} s, about ${formatBytes(plan.estimatedBytes)}`;
  yield `  ${plan.copiedSegments} segment(s) copied as-is (${formatSecondsExact(plan.copiedUs)} s), ${plan.encodedSegments} segment(s) re-encoded (${formatSecondsExact(plan.encodedUs)} s)`;
  yield `  does: ${whatItDoes(plan)}`;
  yield `  costs: ${whatItCosts(plan)}`;
  for (const note of plan.notes) yield `  note: ${note}`;
  if (plan.mode === 'commands') {
    for (const command of plan.commands) {
      if (command.feed)
        yield `copy, re-timed from 0: ${command.feed.paths.length} segment(s), ${formatSecondsExact(command.feed.durationUs)} s: ${command.feed.paths.map(shellQuote).join(' ')}`;
      yield `${command.feed ? '| ' : 'run: '}${formatCommand(command.argv)}`;
    }
    return;
  }
  const sink = plan.remux ? `| ${formatCommand(plan.remux.argv)}` : plan.target.kind === 'file' ? `>> ${shellQuote(plan.target.path)}` : '> stdout';
  if (plan.retime) yield '  every part below passes through the MPEG-TS re-timer (one continuous timeline from 0)';
  for (const part of plan.parts) {
    if (part.kind === 'copy') yield `copy: ${part.paths.length} segment(s), ${formatSecondsExact(part.durationUs)} s: ${part.paths.map(shellQuote).join(' ')}`;
    else yield `encode (${part.why}): ${formatCommand(part.argv)}`;
  }
  yield `output: ${sink}`;
}
