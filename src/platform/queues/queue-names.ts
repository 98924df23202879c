/**
 * Every BullMQ queue of the platform, named once: the features that use them, the metrics
 * that report their depths and the queue board all read these.
 */
export const PROJECTION_QUEUE = 'projections';
export const REBUILD_QUEUE = 'projection-rebuilds';
export const REPLAY_QUEUE = 'replays';
export const FINALIZATION_QUEUE = 'contest-finalization';

export const ALL_QUEUES = [PROJECTION_QUEUE, REBUILD_QUEUE, REPLAY_QUEUE, FINALIZATION_QUEUE];
