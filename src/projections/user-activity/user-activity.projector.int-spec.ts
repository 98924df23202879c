import { appendRow, drainThrough, openTestDataSource, TestDataSource } from '@contest/testing';
import { uuidv7 } from '../../platform/ids/uuid-v7';
import { ProjectionRunner } from '../runtime/projection-runner';
import { UserActivityProjector } from './user-activity.projector';

describe('user activity projector (Postgres)', () => {
  let t: TestDataSource;
  const projector = new UserActivityProjector();

  beforeAll(async () => {
    t = await openTestDataSource();
  });
  afterAll(() => t.close());

  const registered = (userId: string, username: string) => ({
    type: 'UserRegistered',
    userId,
    username,
    email: `${username}@example.com`,
    displayName: username.toUpperCase(),
    roles: ['user'],
    registeredAt: '2026-05-01T10:00:00.000Z',
  });
  const loggedIn = (userId: string, at: string) => ({
    type: 'LoginSucceeded',
    userId,
    username: 'x',
    at,
  });

  const view = () =>
    t.dataSource.query(
      `SELECT user_id, username, display_name, registered_at, logins, last_login_at, last_position,
              contests_created, entries_submitted, votes_cast, comments_written
       FROM view_user_activity ORDER BY username`,
    );

  it('counts registrations and logins, ignores other events, and a rebuild from 0 reproduces it', async () => {
    const ann = uuidv7();
    const ben = uuidv7();
    await appendRow(t.dataSource, 'username:ann', { events: [registered(ann, 'ann')] });
    await appendRow(t.dataSource, 'username:ben', { events: [registered(ben, 'ben')] });
    await appendRow(t.dataSource, 'username:ann', {
      events: [loggedIn(ann, '2026-05-01T11:00:00.000Z')],
    });
    await appendRow(t.dataSource, 'username:ann', {
      events: [{ type: 'LoginFailed', username: 'ann', at: 'x', failuresInWindow: 1 }],
    });
    const last = await appendRow(t.dataSource, 'username:ann', {
      events: [loggedIn(ann, '2026-05-01T12:00:00.000Z')],
    });

    const runner = new ProjectionRunner(t.dataSource);
    await drainThrough(t.dataSource, runner, projector, last, {
      batchSize: 2,
      maxAttempts: 2,
      backoffMs: 1,
    });
    const live = await view();
    expect(live).toEqual([
      expect.objectContaining({
        user_id: ann,
        display_name: 'ANN',
        logins: 2,
        last_position: String(last),
        votes_cast: 0,
      }),
      expect.objectContaining({
        user_id: ben,
        display_name: 'BEN',
        logins: 0,
        last_login_at: null,
      }),
    ]);
    expect(live[0].last_login_at.toISOString()).toBe('2026-05-01T12:00:00.000Z');

    // Rebuild from position 0 in one big batch: the same rows, to the byte.
    await t.dataSource.query(`TRUNCATE view_user_activity`);
    await t.dataSource.query(
      `UPDATE projection_checkpoints SET last_tx_id = '0', last_position = 0 WHERE projection = $1`,
      [projector.name],
    );
    await drainThrough(t.dataSource, runner, projector, last, {
      batchSize: 1000,
      maxAttempts: 2,
      backoffMs: 1,
    });
    expect(await view()).toEqual(live);
  });
});
