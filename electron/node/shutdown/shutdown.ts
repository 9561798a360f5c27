/**
 * The one graceful shutdown of Trimdesk, shared by the desktop app, `trimdesk serve` and
 * the CLI. Whoever owns a resource registers a step in the phase it belongs to; a
 * shutdown runs the phases in order, each step once, and reports what happened:
 *
 *   stop-accepting  listeners stop taking new connections, queues refuse new jobs
 *   settle-work     running exports finish ("wait") or are cancelled ("cancel")
 *   clean-up        temporary files are removed
 *   close           servers, sockets and watchers are closed
 *
 * A failing step is reported and the next ones still run, so one stuck resource never
 * leaves the others (or temporary files) behind.
 */

export const SHUTDOWN_PHASES = ['stop-accepting', 'settle-work', 'clean-up', 'close'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

/** What to do with work still running: let it finish, or cancel it. */
export type WorkPolicy = 'wait' | 'cancel';

/** Why the process is stopping; a signal name when one was received. */
export type ShutdownCause = 'quit' | NodeJS.Signals;

/** What a step did; settle-work steps say how many pieces of work they cancelled. */
export interface StepResult {
  cancelled?: number;
}

export type ShutdownStep = (policy: WorkPolicy) => Promise<StepResult | void> | StepResult | void;

export interface ShutdownReport {
  cause: ShutdownCause;
  policy: WorkPolicy;
  /** Pieces of work (export jobs) cancelled because of the shutdown. */
  cancelled: number;
  /** One line per step that failed: which step and why. */
  failures: string[];
}

/** Exit status conventions for a stopped process (see README, "Stopping Trimdesk"). */
export const EXIT_STOPPED = 0;
export const EXIT_CLEANUP_FAILED = 1;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * The exit status that says what happened: 0 when everything stopped cleanly and no work
 * was lost; 128+N (130 for SIGINT, 143 for SIGTERM) when work was cancelled by signal N,
 * as shells report an interrupted command; 1 when a step failed to clean up.
 */
export function exitStatusOf(report: ShutdownReport): number {
  if (report.failures.length > 0) return EXIT_CLEANUP_FAILED;
  if (report.cancelled === 0 || report.cause === 'quit') return EXIT_STOPPED;
  const signalNumber = SIGNAL_NUMBERS[report.cause];
  return signalNumber === undefined ? EXIT_STOPPED : 128 + signalNumber;
}

interface RegisteredStep {
  phase: ShutdownPhase;
  name: string;
  run: ShutdownStep;
}

export class Shutdown {
  private readonly steps: RegisteredStep[] = [];
  private running: Promise<ShutdownReport> | undefined;

  /** True from the moment a shutdown starts: new work is refused from then on. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** Registers a step; returns a function that unregisters it (for resources closed early). */
  add(phase: ShutdownPhase, name: string, run: ShutdownStep): () => void {
    const step: RegisteredStep = { phase, name, run };
    this.steps.push(step);
    return () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) this.steps.splice(index, 1);
    };
  }

  /** Runs every phase once; later calls return the same report. */
  run(cause: ShutdownCause, policy: WorkPolicy): Promise<ShutdownReport> {
    this.running ??= this.runPhases(cause, policy);
    return this.running;
  }

  private async runPhases(cause: ShutdownCause, policy: WorkPolicy): Promise<ShutdownReport> {
    const report: ShutdownReport = { cause, policy, cancelled: 0, failures: [] };
    for (const phase of SHUTDOWN_PHASES) {
      const steps = this.steps.filter((step) => step.phase === phase);
      const results = await Promise.allSettled(steps.map(async (step) => step.run(policy)));
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') report.cancelled += result.value?.cancelled ?? 0;
        else report.failures.push(`${steps[index]!.name}: ${messageOf(result.reason)}`);
      });
    }
    return report;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
