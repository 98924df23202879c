import { JobsOptions } from 'bullmq';

/** A replay is retried from scratch after a crash; after the last attempt it is marked failed. */
export const REPLAY_ATTEMPTS = 3;

export function replayJobOptions(replayId: string): JobsOptions {
  return {
    jobId: replayId,
    attempts: REPLAY_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 100,
  };
}
