import { RejectionCode } from '@contest/domain';
import {
  drainThrough,
  openTestDataSource,
  rebuildFromZero,
  TestDataSource,
  testEnvelope,
  viewTables,
} from '@contest/testing';
import { CommandLogEntry, CommandLogRepository } from '../../command-log/command-log.repository';
import { ProjectionRunner } from '../runtime/projection-runner';
import { AuditHoursProjector } from './audit-hours.projector';

const HOUR = 3_600_000;
const START = Date.parse('2026-04-01T08:00:00.000Z');
const REFUSALS: [string, RejectionCode][] = [
  ['CastVote', 'VOTING_CLOSED'],
  ['CastVote', 'ALREADY_VOTED'],
  ['LogIn', 'INVALID_CREDENTIALS'],
  ['AddComment', 'COMMENTS_CLOSED'],
];

/**
 * Transactions of one to three commands over about six hours, one in four refused; every
 * fifth transaction writes a command received an hour earlier than the others (a slow
 * request), so an hour's transactions are not contiguous in the log.
 */
function transactions(count: number): CommandLogEntry[][] {
  return Array.from({ length: count }, (_, n) => {
    const clock = START + n * 0.1 * HOUR;
    return Array.from({ length: 1 + (n % 3) }, (_, i) => {
      const late = n % 5 === 4 && i === 0 ? HOUR : 0;
      const refused = (n + i) % 4 === 0 ? REFUSALS[(n + i) % REFUSALS.length] : null;
      return {
        envelope: testEnvelope({
          type: refused?.[0] ?? 'RecordView',
          receivedAt: new Date(clock - late + i * 1_000),
        }),
        stage: 'decider' as const,
        rejection: refused ? { code: refused[1], detail: 'refused' } : null,
        httpStatus: refused ? 422 : 200,
        events: [],
      };
    });
  });
}

describe('audit-hours projector: rebuild (Postgres)', () => {
  let t: TestDataSource;
  const projector = new AuditHoursProjector();

  beforeAll(async () => {
    t = await openTestDataSource();
  });
  afterAll(() => t.close());

  it('a rebuild from position 0 equals the live tables', async () => {
    const log = new CommandLogRepository();
    let last = 0;
    for (const entries of transactions(60)) {
      const positions = await t.dataSource.transaction((tx) => log.appendMany(tx, entries));
      last = positions[positions.length - 1];
    }
    const runner = new ProjectionRunner(t.dataSource);
    const live = await drainThrough(t.dataSource, runner, projector, last, {
      batchSize: 3, // batches end inside transactions and inside hours
      maxAttempts: 1,
      backoffMs: 1,
    });
    expect(live).toMatchObject({ halted: false, parked: 0 });
    const tables = await viewTables(t.dataSource, projector.tables);
    expect(tables.view_audit_hours.length).toBeGreaterThan(4);
    expect(tables.view_audit_rejections_hourly.length).toBeGreaterThan(4);
    const [{ counted, logged }] = await t.dataSource.query(
      `SELECT (SELECT sum(commands)::int FROM view_audit_hours) AS counted,
              (SELECT count(*)::int FROM command_log) AS logged`,
    );
    expect(counted).toBe(logged);

    expect(await rebuildFromZero(t.dataSource, runner, projector, last)).toEqual(tables);
  });
});
