/** The shutdown mechanism's rules: phase order, one run, failures reported, exit statuses. */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/node/api/dispatch';
import { createHandlers } from '../../electron/node/api/handlers';
import { refuseNewExports, settleExports, type ExportWork } from '../../electron/node/shutdown/exports';
import { Shutdown, exitStatusOf, type ShutdownReport } from '../../electron/node/shutdown/shutdown';

/** A queue with jobs in given states; cancelAll moves active ones to cancelled. */
function queueOf(states: string[]): ExportWork & { cancelCalls: number } {
  const jobs = states.map((state, index) => ({ id: `job-${index}`, state }));
  return {
    cancelCalls: 0,
    list: () => jobs.map((job) => ({ ...job })),
    cancelAll() {
      this.cancelCalls++;
      for (const job of jobs) if (job.state === 'running' || job.state === 'queued') job.state = 'cancelled';
    },
    whenIdle: async () => undefined,
  };
}

describe('Shutdown', () => {
  it('runs phases in order whatever the registration order, and only once', async () => {
    const shutdown = new Shutdown();
    const order: string[] = [];
    shutdown.add('close', 'server', () => void order.push('close'));
    shutdown.add('clean-up', 'temp', () => void order.push('clean-up'));
    shutdown.add('stop-accepting', 'listener', () => void order.push('stop-accepting'));
    shutdown.add('settle-work', 'exports', () => void order.push('settle-work'));
    const first = shutdown.run('SIGTERM', 'cancel');
    const second = shutdown.run('SIGINT', 'wait');
    expect(await second).toBe(await first);
    expect(order).toEqual(['stop-accepting', 'settle-work', 'clean-up', 'close']);
    expect(shutdown.started).toBe(true);
  });

  it('reports a failing step by name and still runs the later phases', async () => {
    const shutdown = new Shutdown();
    let closed = false;
    shutdown.add('clean-up', 'temporary export files', () => {
      throw new Error('EACCES: permission denied');
    });
    shutdown.add('close', 'server', () => {
      closed = true;
    });
    const report = await shutdown.run('quit', 'cancel');
    expect(report.failures).toEqual(['temporary export files: EACCES: permission denied']);
    expect(closed).toBe(true);
    expect(exitStatusOf(report)).toBe(1);
  });

  it('forgets a step that was unregistered', async () => {
    const shutdown = new Shutdown();
    let ran = false;
    const remove = shutdown.add('close', 'watcher', () => {
      ran = true;
    });
    remove();
    await shutdown.run('quit', 'wait');
    expect(ran).toBe(false);
  });
});

describe('exit status', () => {
  const report = (overrides: Partial<ShutdownReport>): ShutdownReport => ({ cause: 'SIGINT', policy: 'cancel', cancelled: 0, failures: [], ...overrides });
  it.each([
    ['clean stop on SIGTERM', report({ cause: 'SIGTERM' }), 0],
    ['clean quit', report({ cause: 'quit' }), 0],
    ['work cancelled by Ctrl+C', report({ cancelled: 1 }), 130],
    ['work cancelled by SIGTERM', report({ cause: 'SIGTERM', cancelled: 2 }), 143],
    ['work cancelled by quitting the app', report({ cause: 'quit', cancelled: 1 }), 0],
    ['a step failed', report({ cancelled: 1, failures: ['x: y'] }), 1],
  ])('%s', (_name, input, status) => {
    expect(exitStatusOf(input)).toBe(status);
  });
});

describe('settleExports', () => {
  it('cancels active jobs and counts only those', async () => {
    const queue = queueOf(['done', 'running', 'queued', 'failed']);
    const result = await settleExports(queue)('cancel');
    expect(result).toEqual({ cancelled: 2 });
    expect(queue.cancelCalls).toBe(1);
  });

  it('lets jobs finish when asked to wait', async () => {
    const queue = queueOf(['running']);
    expect(await settleExports(queue)('wait')).toEqual({ cancelled: 0 });
    expect(queue.cancelCalls).toBe(0);
  });
});

describe('refuseNewExports', () => {
  it('refuses startExport once the shutdown has started, and keeps answering the rest', async () => {
    const shutdown = new Shutdown();
    const handlers = refuseNewExports(createHandlers({ archive: () => undefined }), () => shutdown.started);
    const edit = {
      channel: 'c',
      quality: 'q',
      ranges: [{ start: '2026-11-14T03:00:00Z', end: '2026-11-14T03:00:10Z' }],
      transitions: [],
      outputPath: '/tmp/x.ts',
    };
    expect(await dispatch(handlers, 'startExport', edit)).not.toMatchObject({ error: { kind: 'shutting-down' } });
    await shutdown.run('quit', 'wait');
    expect(await dispatch(handlers, 'startExport', edit)).toMatchObject({ ok: false, error: { kind: 'shutting-down' } });
    expect(await dispatch(handlers, 'listExportJobs', {})).toMatchObject({ ok: true });
  });
});
