import { JobsOptions } from 'bullmq';

/**
 * One job per view being rebuilt, named after it. The id is the view's name, so a view is never
 * rebuilt twice at once; the job is removed when it ends, so the next rebuild may queue.
 * A worker that dies mid-rebuild leaves a stalled job, which BullMQ hands to another worker:
 * the rebuild starts over in a fresh schema, and the live view serves meanwhile.
 */
export function rebuildJobOptions(projection: string): JobsOptions {
  return {
    jobId: projection, // the queue holds rebuilds only
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: true,
  };
}
