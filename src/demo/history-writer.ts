import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ContestCommand, DomainCommand } from '@contest/domain';
import { CommandEnvelope, envelopeOfCommand } from '../command-log/command-envelope';
import { usernameStream } from '../command-log/command-routes';
import { DataSource } from 'typeorm';
import { DecideContestCommand } from '../contests/decide-contest.handler';
import { whileImportingHistory } from '../contests/finalize-contest/history-import';
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
    private readonly dataSource: DataSource,
  ) {}

  /** The whole history holds off the finalizer (history-import.ts): it finalizes its own. */
  write(actions: readonly SeedAction[], onProgress?: (done: number) => void): Promise<SeedReport> {
    return whileImportingHistory(this.dataSource, () => this.writeAll(actions, onProgress));
  }

  private async writeAll(
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
        const registration = {
          type: 'RegisterUser',
          receivedAt: at,
          userId: action.userId,
          username: action.username,
          email: `${action.username}@demo.invalid`,
          displayName: action.displayName,
          initialRoles: [],
        } as const;
        const envelope = seedEnvelope(registration, usernameStream(action.username));
        return this.commandBus.execute(
          new RegisterUserCommand(envelope, registration, DEMO_PASSWORD, passwordHash),
        );
      }
      case 'login': {
        const login = {
          type: 'LogIn',
          receivedAt: at,
          username: action.username,
          passwordMatches: action.passwordMatches,
        } as const;
        const envelope = seedEnvelope(login, usernameStream(action.username));
        return this.commandBus.execute(
          new LogInCommand(envelope, action.username, { passwordMatched: action.passwordMatches }),
        );
      }
      default: {
        const command = contestCommand(action);
        return this.commandBus.execute(
          new DecideContestCommand(seedEnvelope(command, 'seed'), command),
        );
      }
    }
  }
}

type ContestAction = Exclude<SeedAction, { kind: 'register' | 'login' }>;

/** The command a generated action stands for, as a user would have sent it. */
function contestCommand(action: ContestAction): ContestCommand {
  const receivedAt = action.at;
  const as = (userId: string) => ({ userId, roles: ['user' as const] });
  switch (action.kind) {
    case 'create':
      return {
        type: 'CreateContest',
        receivedAt,
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
    case 'submit':
      return {
        type: 'SubmitEntry',
        receivedAt,
        entryId: action.entryId,
        contestId: action.contestId,
        author: as(action.authorId),
        title: action.title,
        videoUrl: `https://videos.demo.invalid/${action.entryId}.mp4`,
        description: '',
      };
    case 'vote':
      return {
        type: 'CastVote',
        receivedAt,
        entryId: action.entryId,
        voter: as(action.voterId),
        value: action.value,
      };
    case 'retract':
      return {
        type: 'RetractVote',
        receivedAt,
        entryId: action.entryId,
        voter: as(action.voterId),
      };
    case 'comment':
      return {
        type: 'AddComment',
        receivedAt,
        commentId: action.commentId,
        entryId: action.entryId,
        author: as(action.authorId),
        body: action.body,
      };
    case 'view':
      return {
        type: 'RecordView',
        receivedAt,
        entryId: action.entryId,
        viewerKey: action.viewerKey,
        watchedSeconds: action.watchedSeconds,
      };
    case 'close':
      return {
        type: 'CloseContest',
        receivedAt,
        contestId: action.contestId,
        actor: as(action.ownerId),
      };
    case 'finalize':
      return { type: 'FinalizeContest', receivedAt, contestId: action.contestId };
  }
}

/** Seeded commands are told apart in the log by their user agent, `seed`. */
function seedEnvelope(command: DomainCommand, streamKey: string): CommandEnvelope {
  return envelopeOfCommand(command, { streamKey, source: 'seed', actorRoles: ['user'] });
}
