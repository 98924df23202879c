import {
  decideIdentity,
  IdentityCommand,
  IdentityEvent,
  IdentityState,
  RegisterUser,
} from '@contest/domain';
import { openTestDataSource, TestDataSource, testEnvelope } from '@contest/testing';
import { IdentityDecisionPort } from '../identity/identity-decision.port';
import { IdentityStateRepository } from '../identity/identity-state.repository';
import { CommandLogRepository } from './command-log.repository';
import { CommandPipeline, CommandUseCase } from './command-pipeline';
import { DuplicateIdempotencyKey, IdempotencyStore } from './idempotency/idempotency.store';
import { uuidv7 } from '../platform/ids/uuid-v7';

describe('command pipeline (Postgres)', () => {
  let t: TestDataSource;
  let pipeline: CommandPipeline;
  const state = new IdentityStateRepository();

  beforeAll(async () => {
    t = await openTestDataSource();
    pipeline = new CommandPipeline(
      t.dataSource,
      new CommandLogRepository(),
      new IdempotencyStore(t.dataSource),
    );
  });
  afterAll(() => t.close());

  const registration = (username: string): RegisterUser => ({
    type: 'RegisterUser',
    receivedAt: new Date(),
    userId: uuidv7(),
    username,
    email: `${username}@example.com`,
    displayName: username,
    initialRoles: [],
  });

  const registerUseCase = (
    command: RegisterUser,
    fault?: () => void,
  ): CommandUseCase<IdentityState, IdentityEvent> => ({
    lockKeys: [`username:${command.username}`],
    load: (tx) => state.load(tx, [{ username: command.username, email: command.email }]),
    decide: (s) => decideIdentity(command, s),
    persist: async (tx, events, s) => {
      await state.save(tx, events, s);
      fault?.();
    },
  });

  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM command_log)::int AS log, (SELECT count(*) FROM users)::int AS users`,
    );
    return row as { log: number; users: number };
  };

  it('commits the command row, its events and the state change together', async () => {
    const before = await counts();
    const command = registration('committed_user');
    const outcome = await pipeline.execute(
      testEnvelope({ type: 'RegisterUser' }),
      registerUseCase(command),
    );
    expect(outcome.decision.status).toBe('accepted');
    expect(await counts()).toEqual({ log: before.log + 1, users: before.users + 1 });
    const [row] = await t.dataSource.query(`SELECT events FROM command_log WHERE position = $1`, [
      outcome.position,
    ]);
    expect(row.events).toEqual([
      expect.objectContaining({ type: 'UserRegistered', userId: command.userId }),
    ]);
  });

  it('keeps no events and no state of a command whose transaction fails, and logs it as refused', async () => {
    const before = await counts();
    const command = registration('doomed_user');
    let wroteRowAndState = false;
    const fault = () => {
      wroteRowAndState = true;
      throw new Error('injected fault before commit');
    };
    const outcome = await pipeline.execute(
      testEnvelope({ type: 'RegisterUser' }),
      registerUseCase(command, fault),
    );
    expect(wroteRowAndState).toBe(true);
    expect(outcome.decision).toMatchObject({
      status: 'rejected',
      rejection: { code: 'COMMAND_NOT_STORABLE' },
    });
    expect(await counts()).toEqual({ log: before.log + 1, users: before.users });
    const [row] = await t.dataSource.query(
      `SELECT status, rejection_code, http_status, events, metadata->>'stage' AS stage
       FROM command_log WHERE position = $1`,
      [outcome.position],
    );
    expect(row).toEqual({
      status: 'rejected',
      rejection_code: 'COMMAND_NOT_STORABLE',
      http_status: 422,
      events: [],
      stage: 'edge',
    });
    const users = await t.dataSource.query(`SELECT 1 FROM users WHERE username = 'doomed_user'`);
    expect(users).toHaveLength(0);
  });

  it('records a rejected command with its code and no state change', async () => {
    await pipeline.execute(
      testEnvelope({ type: 'RegisterUser' }),
      registerUseCase(registration('twice')),
    );
    const before = await counts();
    const outcome = await pipeline.execute(
      testEnvelope({ type: 'RegisterUser' }),
      registerUseCase(registration('twice')),
    );
    expect(outcome.decision.status).toBe('rejected');
    expect(outcome.httpStatus).toBe(409);
    expect(await counts()).toEqual({ log: before.log + 1, users: before.users });
    const [row] = await t.dataSource.query(
      `SELECT status, rejection_code, http_status FROM command_log WHERE position = $1`,
      [outcome.position],
    );
    expect(row).toEqual({ status: 'rejected', rejection_code: 'USERNAME_TAKEN', http_status: 409 });
  });

  it('appends nothing for a second command with the same idempotency key and actor', async () => {
    const metadata = { ...testEnvelope().metadata, idempotencyKey: 'key-1' };
    const first = registration('idem_one');
    await pipeline.execute(
      testEnvelope({ type: 'RegisterUser', actorId: null, metadata }),
      registerUseCase(first),
    );
    const before = await counts();
    await expect(
      pipeline.execute(
        testEnvelope({ type: 'RegisterUser', actorId: null, metadata }),
        registerUseCase(registration('idem_two')),
      ),
    ).rejects.toBeInstanceOf(DuplicateIdempotencyKey);
    expect(await counts()).toEqual(before);
  });

  it('decides the commands queued on one stream in one transaction, each seeing the ones before it', async () => {
    const port = new IdentityDecisionPort(state);
    const envelopeFor = (type: string) =>
      testEnvelope({ type, actorId: null, streamKey: 'username:batched' });
    const submit = (command: IdentityCommand) =>
      pipeline.submit({ envelope: envelopeFor(command.type), port, command: { command } });
    // The first one drains alone; the two registrations queue behind it and go together.
    const [, first, second] = await Promise.all([
      submit({
        type: 'LogIn',
        receivedAt: new Date(),
        username: 'batched',
        passwordMatches: false,
      }),
      submit(registration('batched')),
      submit({ ...registration('batched'), email: 'other-batched@example.com' }),
    ]);
    expect(first.decision.status).toBe('accepted');
    expect(second.decision).toMatchObject({
      status: 'rejected',
      rejection: { code: 'USERNAME_TAKEN' },
    });
    const rows: { tx_id: string }[] = await t.dataSource.query(
      `SELECT tx_id::text FROM command_log WHERE command_id = ANY($1::uuid[])`,
      [[first.commandId, second.commandId]],
    );
    expect(new Set(rows.map((row) => row.tx_id)).size).toBe(1);
  });

  it('refuses to rewrite the log', async () => {
    await expect(t.dataSource.query(`UPDATE command_log SET type = 'Forged'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query(`DELETE FROM command_log`)).rejects.toThrow(/append-only/);
  });
});
