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
