import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://root@127.0.0.1:5432/contest',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('configuration at boot', () => {
  it('accepts the minimal environment and fills defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ port: 3000, role: 'all', admin: null, queuePrefix: 'contest' });
    expect(config.shutdownTimeoutMs).toBe(10_000);
  });

  it('leaves REDIS_URL optional: unset, the platform keeps queues and sessions in Postgres', () => {
    expect(loadConfig({ DATABASE_URL: valid.DATABASE_URL }).redisUrl).toBeNull();
    expect(loadConfig(valid).redisUrl).toBe(valid.REDIS_URL);
  });

  it('bounds the shutdown: SHUTDOWN_TIMEOUT_MS is whole milliseconds, 100 to 600000', () => {
    expect(loadConfig({ ...valid, SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs).toBe(2500);
    expect(() => loadConfig({ ...valid, SHUTDOWN_TIMEOUT_MS: '0' })).toThrow(
      'SHUTDOWN_TIMEOUT_MS must be an integer from 100 to 600000, got "0"',
    );
    expect(() => loadConfig({ ...valid, SHUTDOWN_TIMEOUT_MS: '10s' })).toThrow(
      /SHUTDOWN_TIMEOUT_MS must be an integer/,
    );
  });

  it('stops on a missing DATABASE_URL with a one-line message', () => {
    expect(() => loadConfig({ REDIS_URL: valid.REDIS_URL })).toThrow(
      new ConfigError('Invalid configuration: DATABASE_URL is required'),
    );
  });

  it('names every malformed value in one line', () => {
    try {
      loadConfig({ ...valid, REDIS_URL: 'http://x', PORT: 'eighty', APP_ROLE: 'both' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toContain('REDIS_URL must be a redis or rediss:// URL');
      expect(message).toContain('PORT must be an integer');
      expect(message).toContain('APP_ROLE must be api, worker or all');
    }
  });

  it('requires the admin username and password together, and a long enough password', () => {
    expect(() => loadConfig({ ...valid, ADMIN_USERNAME: 'admin' })).toThrow(/set together/);
    expect(() =>
      loadConfig({ ...valid, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'short' }),
    ).toThrow(/at least 10/);
  });
});
