/** Which parts of the platform this process runs: one image serves every role. */
export type AppRole = 'api' | 'worker' | 'all';

export interface AppConfig {
  readonly databaseUrl: string;
  /** Redis for queues, sessions and rate limits; null: those live in Postgres (single node). */
  readonly redisUrl: string | null;
  readonly port: number;
  readonly role: AppRole;
  readonly admin: { readonly username: string; readonly password: string } | null;
  readonly sessionTtlSeconds: number;
  readonly queuePrefix: string;
  readonly projectionPollMs: number;
  /**
   * How often a worker renews its view of the projection leases: how many workers are live,
   * which projections it owns, and which it takes over from a worker gone.
   */
  readonly projectionLeaseTickMs: number;
  readonly dbPoolSize: number;
  readonly logLevel: string;
  readonly seedDemo: boolean;
  /** Origins the web app is served from, allowed by CORS; empty: no cross-origin access. */
  readonly corsOrigins: readonly string[];
  /** Commands one actor (or, signed out, one address) may send per minute; 0 turns it off. */
  readonly rateLimitPerMinute: number;
  /** A bearer token Prometheus may scrape GET /metrics with, instead of an admin's session. */
  readonly metricsToken: string | null;
  /** The heap of each what-if replay's thread, in MB: bounds a replay's memory. */
  readonly replayHeapMb: number;
  /** How long SIGTERM/SIGINT may take to drain requests and jobs before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /**
   * How often the live standings streams ask the view which watched contests changed: one
   * check for every stream of the process, so at most one event per contest per interval.
   */
  readonly standingsStreamCheckMs: number;
  /** How often an idle event stream gets a comment line, so proxies keep it open. */
  readonly sseHeartbeatMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the environment; every problem is named in one line. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const url = (name: string, protocols: string[], optional = false): string => {
    const value = optional ? (env[name]?.trim() ?? '') : required(name);
    if (value && !protocols.some((p) => value.startsWith(`${p}://`))) {
      problems.push(`${name} must be a ${protocols.join(' or ')}:// URL`);
    }
    return value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };

  const databaseUrl = url('DATABASE_URL', ['postgres', 'postgresql']);
  const redisUrl = url('REDIS_URL', ['redis', 'rediss'], true) || null;
  const port = int('PORT', 3000, 0, 65535);
  const role = (env.APP_ROLE?.trim() || 'all') as AppRole;
  if (!['api', 'worker', 'all'].includes(role)) {
    problems.push(`APP_ROLE must be api, worker or all, got "${role}"`);
  }
  const adminUsername = env.ADMIN_USERNAME?.trim();
  const adminPassword = env.ADMIN_PASSWORD;
  if (Boolean(adminUsername) !== Boolean(adminPassword)) {
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  }
  if (adminUsername && !/^[a-z0-9_]{3,32}$/.test(adminUsername)) {
    problems.push('ADMIN_USERNAME must be 3-32 characters of a-z, 0-9 and _');
  }
  if (adminPassword && adminPassword.length < 10) {
    problems.push('ADMIN_PASSWORD must be at least 10 characters');
  }

  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken && metricsToken.length < 32) {
    problems.push('METRICS_TOKEN must be at least 32 characters');
  }

  const config: AppConfig = {
    databaseUrl,
    redisUrl,
    port,
    role,
    admin:
      adminUsername && adminPassword ? { username: adminUsername, password: adminPassword } : null,
    sessionTtlSeconds: int('SESSION_TTL_SECONDS', 86_400, 60, 30 * 86_400),
    queuePrefix: env.QUEUE_PREFIX?.trim() || 'contest',
    projectionPollMs: int('PROJECTION_POLL_MS', 1000, 50, 600_000),
    projectionLeaseTickMs: int('PROJECTION_LEASE_TICK_MS', 1000, 50, 60_000),
    dbPoolSize: int('DB_POOL_SIZE', 20, 1, 500),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    seedDemo: env.SEED_DEMO === 'true',
    metricsToken,
    replayHeapMb: int('REPLAY_HEAP_MB', 192, 32, 16_384),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    standingsStreamCheckMs: int('STANDINGS_STREAM_CHECK_MS', 250, 10, 60_000),
    sseHeartbeatMs: int('SSE_HEARTBEAT_MS', 15_000, 10, 600_000),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
  for (const origin of config.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(
        `CORS_ORIGINS entries must be origins like https://app.example, got "${origin}"`,
      );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}
