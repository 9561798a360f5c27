/**
 * The coverage overview's Verify: one verification of the channel and quality being
 * edited at a time, started in the main process (verifyCoverage) and polled until it
 * ends; Cancel stops it, keeping what it found so far.
 */
import { create } from 'zustand';
import { client } from '../bridge/bridge';
import { describeError } from './archive';

export type VerifyJob = Awaited<ReturnType<typeof client.verifyStatus>>;

const POLL_MS = 300;

interface VerifyState {
  job: VerifyJob | undefined;
  /** Why starting or polling failed. */
  error: string | undefined;
  start(channel: string, quality: string): Promise<void>;
  cancel(): Promise<void>;
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;

function poll(id: string): void {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(async () => {
    pollTimer = undefined;
    try {
      const job = await client.verifyStatus({ id });
      if (useVerify.getState().job?.id !== id) return;
      useVerify.setState({ job });
      if (job.state === 'running') poll(id);
    } catch (error) {
      useVerify.setState({ error: describeError(error) });
    }
  }, POLL_MS);
}

export const useVerify = create<VerifyState>()((set, get) => ({
  job: undefined,
  error: undefined,

  async start(channel, quality) {
    set({ error: undefined });
    try {
      const job = await client.verifyCoverage({ channel, quality });
      set({ job });
      if (job.state === 'running') poll(job.id);
    } catch (error) {
      set({ error: describeError(error) });
    }
  },

  async cancel() {
    const job = get().job;
    if (job?.state !== 'running') return;
    try {
      await client.cancelVerify({ id: job.id });
    } catch (error) {
      set({ error: describeError(error) });
    }
  },
}));
