import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ContestCommand } from '@contest/domain';
import { CommandEnvelope } from '../command-log/command-envelope';
import { usernameStream } from '../command-log/command-routes';
import { uuidv7 } from '../platform/ids/uuid-v7';
import { DecideContestCommand } from '../contests/decide-contest.handler';
import { LogInCommand } from '../identity/log-in/log-in.command';
import { PasswordHasher } from '../identity/password-hasher';
import { RegisterUserCommand } from '../identity/register-user/register-user.command';
import { SeedAction } from './seed-actions';

/** Every seeded account logs in with this password (the README prints it). */
export const DEMO_PASSWORD = 'demo-password-123';

export interface SeedReport {
  readonly commands: number;
  readonly accepted: number;
  readonly rejected: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/**
 * Writes a generated history through the real command path: the same handlers, deciders and
 * pipeline as HTTP requests, each command in its own transaction, at its historical time.
 */
@Injectable()
export class HistoryWriter {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly hasher: PasswordHasher,
  ) {}

  async write(
    actions: readonly SeedAction[],
    onProgress?: (done: number) => void,
  ): Promise<SeedReport> {
    const started = Date.now();
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD); // once, not once per account
    const rejected: Record<string, number> = {};
    let accepted = 0;
    for (const [index, action] of actions.entries()) {
      const outcome = await this.execute(action, passwordHash);
      if (outcome.status === 'accepted') accepted += 1;
      else rejected[outcome.code] = (rejected[outcome.code] ?? 0) + 1;
      if (onProgress && index % 500 === 499) onProgress(index + 1);
    }
    return { commands: actions.length, accepted, rejected, durationMs: Date.now() - started };
  }

  private async execute(
    action: SeedAction,
    passwordHash: string,
  ): Promise<{ status: string; code: string }> {
    const outcome = await this.dispatch(action, passwordHash);
    const decision = outcome.decision;
    return decision.status === 'accepted'
      ? { status: 'accepted', code: '' }
      : { status: 'rejected', code: decision.rejection.code };
  }

  private dispatch(action: SeedAction, passwordHash: string) {
    const at = action.at;
    switch (action.kind) {
      case 'register': {
        const payload = {
          userId: action.userId,
          username: action.username,
          email: `${action.username}@demo.invalid`,
          displayName: action.displayName,
        };
        const envelope = seedEnvelope(
          'RegisterUser',
          null,
          usernameStream(action.username),
          at,
          payload,
        );
        return this.commandBus.execute(
          new RegisterUserCommand(
            envelope,
            { type: 'RegisterUser', receivedAt: at, ...payload, initialRoles: [] },
            DEMO_PASSWORD,
            passwordHash,
          ),
        );
      }
      case 'login': {
        const payload = { username: action.username, passwordMatches: action.passwordMatches };
        const envelope = seedEnvelope('LogIn', null, usernameStream(action.username), at, payload);
        return this.commandBus.execute(
          new LogInCommand(envelope, action.username, { passwordMatched: action.passwordMatches }),
        );
      }
      default: {
        const [command, actorId, payload] = contestCommand(action);
        const envelope = seedEnvelope(command.type, actorId, 'seed', at, payload);
        return this.commandBus.execute(new DecideContestCommand(envelope, command));
      }
    }
  }
}

type ContestAction = Exclude<SeedAction, { kind: 'register' | 'login' }>;

/** The command, its actor and the payload a controller would have logged for it. */
function contestCommand(
  action: ContestAction,
): [ContestCommand, string | null, Record<string, unknown>] {
  const at = action.at;
  const as = (userId: string) => ({ userId, roles: ['user' as const] });
  switch (action.kind) {
    case 'create': {
      const payload = {
        contestId: action.contestId,
        title: action.title,
        description: '',
        category: action.category,
        submissionsCloseAt: action.submissionsCloseAt.toISOString(),
        votingClosesAt: action.votingClosesAt.toISOString(),
        rulesetId: 'standard-v1',
      };
      const command: ContestCommand = {
        type: 'CreateContest',
        receivedAt: at,
        contestId: action.contestId,
        owner: as(action.ownerId),
        title: action.title,
        description: '',
        category: action.category,
        submissionsCloseAt: action.submissionsCloseAt,
        votingOpensAt: null,
        votingClosesAt: action.votingClosesAt,
        rulesetId: 'standard-v1',
      };
      return [command, action.ownerId, payload];
    }
    case 'submit': {
      const videoUrl = `https://videos.demo.invalid/${action.entryId}.mp4`;
      const payload = {
        entryId: action.entryId,
        contestId: action.contestId,
        title: action.title,
        videoUrl,
        description: '',
      };
      return [
        { type: 'SubmitEntry', receivedAt: at, ...payload, author: as(action.authorId) },
        action.authorId,
        payload,
      ];
    }
    case 'vote':
      return [
        {
          type: 'CastVote',
          receivedAt: at,
          entryId: action.entryId,
          voter: as(action.voterId),
          value: action.value,
        },
        action.voterId,
        { entryId: action.entryId, value: action.value },
      ];
    case 'retract':
      return [
        { type: 'RetractVote', receivedAt: at, entryId: action.entryId, voter: as(action.voterId) },
        action.voterId,
        { entryId: action.entryId },
      ];
    case 'comment': {
      const payload = { commentId: action.commentId, entryId: action.entryId, body: action.body };
      return [
        { type: 'AddComment', receivedAt: at, ...payload, author: as(action.authorId) },
        action.authorId,
        payload,
      ];
    }
    case 'view': {
      const payload = {
        entryId: action.entryId,
        viewerKey: action.viewerKey,
        watchedSeconds: action.watchedSeconds,
      };
      const actorId = action.viewerKey.startsWith('user:') ? action.viewerKey.slice(5) : null;
      return [{ type: 'RecordView', receivedAt: at, ...payload }, actorId, payload];
    }
    case 'close':
      return [
        {
          type: 'CloseContest',
          receivedAt: at,
          contestId: action.contestId,
          actor: as(action.ownerId),
        },
        action.ownerId,
        { contestId: action.contestId },
      ];
    case 'finalize':
      return [
        { type: 'FinalizeContest', receivedAt: at, contestId: action.contestId },
        'system',
        { contestId: action.contestId },
      ];
  }
}

function seedEnvelope(
  type: string,
  actorId: string | null,
  streamKey: string,
  receivedAt: Date,
  payload: Record<string, unknown>,
): CommandEnvelope {
  const commandId = uuidv7(receivedAt.getTime());
  return {
    commandId,
    type,
    actorId,
    streamKey,
    receivedAt,
    payload,
    metadata: {
      correlationId: `seed-${commandId}`,
      causationId: null,
      idempotencyKey: null,
      clientAddress: null,
      userAgent: 'seed',
      actorRoles: ['user'],
    },
  };
}
