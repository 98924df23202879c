import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry. Counters live here so that the write path can count
 * without knowing about HTTP; gauges that need a query are collected when scraped.
 */
export const metricsRegistry = new Registry();

export const commandsTotal = new Counter({
  name: 'contest_commands_total',
  help: 'Commands appended to the log, by type and status (counted when written)',
  labelNames: ['type', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpDuration = new Histogram({
  name: 'contest_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status class',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const replayDuration = new Histogram({
  name: 'contest_replay_duration_seconds',
  help: 'Duration of completed what-if replays',
  buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [metricsRegistry],
});

export const projectionLag = new Gauge({
  name: 'contest_projection_lag_rows',
  help: 'Log rows a projection has not applied yet (counted up to 100,000)',
  labelNames: ['projection'] as const,
  registers: [metricsRegistry],
});

export const queueJobs = new Gauge({
  name: 'contest_queue_jobs',
  help: 'BullMQ jobs by queue and state',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
});
