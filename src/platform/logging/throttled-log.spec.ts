import { logThrottled, oneLine, resetThrottledLog, THROTTLE_WINDOW_MS } from './throttled-log';

describe('rate-limited error lines', () => {
  beforeEach(() => resetThrottledLog());

  it('logs a source once per window, then says how many it left out', () => {
    const lines: string[] = [];
    const logger = { warn: (message: string) => lines.push(message) };
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), {
      code: 'ECONNREFUSED',
    });
    for (let i = 0; i < 50; i += 1) logThrottled('redis', refused, 1_000 + i * 100, logger);
    logThrottled('bullmq queues', refused, 1_000, logger); // another source has its own window
    logThrottled('redis', refused, 1_000 + THROTTLE_WINDOW_MS, logger);
    expect(lines).toEqual([
      'connect ECONNREFUSED 127.0.0.1:6379',
      'connect ECONNREFUSED 127.0.0.1:6379',
      'connect ECONNREFUSED 127.0.0.1:6379 (49 more since the last report)',
    ]);
  });

  it('keeps the first line of a message and names the code it lacks', () => {
    expect(oneLine(new Error('first\n    at stack (x.js:1:1)'))).toBe('first');
    expect(oneLine(Object.assign(new Error('write failed'), { code: 'EPIPE' }))).toBe(
      'EPIPE write failed',
    );
    expect(oneLine('plain')).toBe('plain');
  });
});
