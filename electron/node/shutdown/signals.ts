/**
 * Signals as shutdown requests (`trimdesk serve`, and the desktop app started from a
 * terminal): the first SIGINT or SIGTERM runs the shutdown. Later ones only say it is
 * still running: exiting before the clean-up would leave the temporary files behind.
 */
import { exitStatusOf, type Shutdown, type ShutdownReport, type WorkPolicy } from './shutdown';

export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The part of `process` this needs. */
export interface SignalTarget {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface SignalOptions {
  policy?: WorkPolicy;
  /** One line per event, for the terminal. */
  log?: (line: string) => void;
  target?: SignalTarget;
}

export interface SignalOutcome {
  report: ShutdownReport;
  exitStatus: number;
}

/** Waits for SIGINT/SIGTERM, then shuts down; resolves with the report and exit status. */
export function shutdownOnSignal(shutdown: Shutdown, options: SignalOptions = {}): Promise<SignalOutcome> {
  const target = options.target ?? process;
  const log = options.log ?? (() => undefined);
  return new Promise((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (shutdown.started) {
        log(`${signal}: still stopping, removing temporary files…`);
        return;
      }
      log(`${signal}: stopping…`);
      shutdown.run(signal, options.policy ?? 'cancel').then((report) => {
        for (const name of SHUTDOWN_SIGNALS) target.off(name, onSignal);
        for (const failure of report.failures) log(`Could not clean up ${failure}`);
        resolve({ report, exitStatus: exitStatusOf(report) });
      }, reject);
    };
    for (const name of SHUTDOWN_SIGNALS) target.on(name, onSignal);
  });
}
