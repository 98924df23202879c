import {
  CommandActor,
  ContestCommand,
  ContestEvent,
  ContestState,
  contestIdOf,
  decideContest,
  emptyContestState,
  evolveContest,
  evolveContestAccounts,
  Role,
  RulesetCreated,
  RulesetRecord,
  UserRegistered,
} from '@contest/domain';
import { rulesetHash, validateRuleset } from '@contest/ranking-engine';
import { DataSource } from 'typeorm';
import { envelopeOfCommand } from '../../../src/command-log/command-envelope';
import { uuidv7 } from '../../../src/platform/ids/uuid-v7';
import { ProjectionRunner } from '../../../src/projections/runtime/projection-runner';
import { Projector } from '../../../src/projections/runtime/projector';
import { appendRow, drainThrough, EnvelopeFields } from './test-data-source';

/** A user of a contest history: the actor its commands name, and what registering stored. */
export interface HistoryUser extends CommandActor {
  readonly displayName: string;
  /** The log position of the user's UserRegistered row. */
  readonly position: number;
}

/**
 * A command log written the way the app writes it, for projector tests: every contest command
 * is decided by the domain's decider against the state the earlier events built (so a command
 * the app would refuse fails the test setup), and its events are appended on the contest's
 * stream, `contest:<contestId>`, in an envelope made as the app makes it (type, actor,
 * receivedAt, the codec's payload). Users and rulesets are appended as their own rows.
 */
export class ContestHistory {
  readonly state: ContestState = emptyContestState();
  /** The position of the last row appended. */
  last = 0;

  constructor(
    readonly dataSource: DataSource,
    /** The rulesets contests may name before any is stored: BUILTIN_RULESETS. */
    builtin: readonly RulesetRecord[],
  ) {
    for (const ruleset of builtin) this.state.rulesets.set(ruleset.rulesetId, ruleset);
  }

  /** Registers a user (a UserRegistered row on `username:<username>`). */
  async register(
    username: string,
    registeredAt: Date,
    roles: readonly Role[] = ['user'],
  ): Promise<HistoryUser> {
    const event: UserRegistered = {
      type: 'UserRegistered',
      userId: uuidv7(registeredAt.getTime()),
      username,
      email: `${username}@example.com`,
      displayName: `${username[0].toUpperCase()}${username.slice(1)}`,
      roles,
      registeredAt: registeredAt.toISOString(),
    };
    evolveContestAccounts(this.state, event);
    const position = await this.append(`username:${username}`, [event], {
      type: 'RegisterUser',
      actorId: null,
      receivedAt: registeredAt,
      payload: { username, email: event.email, displayName: event.displayName },
    });
    return { userId: event.userId, roles, displayName: event.displayName, position };
  }

  /** Stores a ruleset (a RulesetCreated row), from scoring written as authors write it. */
  async createRuleset(
    name: string,
    definition: { acceptance?: object; scoring?: object },
    by: CommandActor,
    at: Date,
  ): Promise<RulesetRecord> {
    const checked = validateRuleset(definition);
    if (!checked.ok) throw new Error(`invalid test ruleset: ${JSON.stringify(checked.errors)}`);
    const hash = rulesetHash(checked.ruleset);
    const ruleset: RulesetRecord = {
      rulesetId: uuidv7(at.getTime()),
      name,
      hash,
      acceptance: checked.ruleset.acceptance,
      scoring: checked.ruleset.scoring as unknown as Record<string, unknown>,
    };
    const event: RulesetCreated = {
      type: 'RulesetCreated',
      ruleset,
      createdBy: by.userId,
      createdAt: at.toISOString(),
    };
    this.state.rulesets.set(ruleset.rulesetId, ruleset);
    await this.append(`ruleset:${hash}`, [event], {
      type: 'CreateRuleset',
      actorId: by.userId,
      receivedAt: at,
      payload: { rulesetId: ruleset.rulesetId, name, hash },
    });
    return ruleset;
  }

  /**
   * Decides a contest command and appends its events; returns the row's position. A command
   * the decider refuses throws: the history a test describes is one the app would accept.
   */
  async run(command: ContestCommand): Promise<number> {
    const streamKey = `contest:${this.contestOf(command)}`;
    const decision = decideContest(command, this.state);
    if (decision.status === 'rejected') {
      throw new Error(
        `${command.type} refused: ${decision.rejection.code} (${decision.rejection.detail})`,
      );
    }
    for (const event of decision.events) evolveContest(this.state, event);
    return this.append(
      streamKey,
      decision.events,
      envelopeOfCommand(command, { streamKey, source: 'test' }),
    );
  }

  /** Runs commands one after another; returns the last row's position. */
  async runAll(commands: readonly ContestCommand[]): Promise<number> {
    for (const command of commands) await this.run(command);
    return this.last;
  }

  /** The contest a command belongs to, as the app finds it for the command's stream. */
  private contestOf(command: ContestCommand): string {
    return this.known(contestIdOf(command, this.state), command);
  }

  private known(contestId: string | undefined, command: ContestCommand): string {
    if (contestId === undefined) throw new Error(`${command.type}: no contest in the history`);
    return contestId;
  }

  private async append(
    streamKey: string,
    events: readonly (ContestEvent | UserRegistered | RulesetCreated)[],
    envelope: EnvelopeFields,
  ): Promise<number> {
    this.last = await appendRow(this.dataSource, streamKey, { events: [...events], envelope });
    return this.last;
  }
}

/** Whole minutes from three hours ago: every command a projector spec writes is in the past. */
const HISTORY_T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
/** The time `minutes` after the histories' start (negative: before it). */
export const historyAt = (minutes: number): Date => new Date(HISTORY_T0 + minutes * 60_000);
export const MINUTES_PER_DAY = 24 * 60;

/** An entry submitted `minute`s into the history; the title and description are the spec's. */
export function submitEntry(
  contestId: string,
  entryId: string,
  author: HistoryUser,
  minute: number,
  text: { readonly title: string; readonly description: string },
): ContestCommand {
  return {
    type: 'SubmitEntry',
    receivedAt: historyAt(minute),
    entryId,
    contestId,
    author,
    videoUrl: `https://videos.example.com/${entryId}.mp4`,
    ...text,
  };
}

export function castVote(
  entryId: string,
  voter: HistoryUser,
  value: 1 | -1,
  minute: number,
): ContestCommand {
  return { type: 'CastVote', receivedAt: historyAt(minute), entryId, voter, value };
}

/**
 * Runs a projector through the history's last row, `batchSize` rows per transaction, and
 * checks that no row was parked or halted it.
 */
export async function drainHistory(
  history: ContestHistory,
  runner: ProjectionRunner,
  projector: Projector,
  batchSize = 2,
): Promise<void> {
  const result = await drainThrough(history.dataSource, runner, projector, history.last, {
    batchSize,
    maxAttempts: 1,
    backoffMs: 1,
  });
  expect(result).toMatchObject({ halted: false, parked: 0 });
}
