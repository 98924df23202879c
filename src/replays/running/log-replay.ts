import {
  AcceptancePolicy,
  ContestCommand,
  ContestEvent,
  ContestState,
  decideContest,
  decodeCommand,
  DomainEvent,
  emptyContestState,
  evolveContest,
  evolveContestAccounts,
  isContestCommandType,
  RulesetRecord,
} from '@contest/domain';
import {
  asOfOf,
  ContestScore,
  feedScore,
  newContestScore,
  RankedEntry,
  scoreHistory,
  ScoredRow,
  ScoringRules,
} from '@contest/ranking-engine';
import { CommandRow } from '../../command-log/log-reader';

export interface ReplayOutcome {
  readonly position: number;
  readonly type: string;
  readonly recorded: { readonly status: 'accepted' | 'rejected'; readonly code: string | null };
  readonly replayed: { readonly status: 'accepted' | 'rejected'; readonly code: string | null };
}

type Outcome = ReplayOutcome['recorded'];
const ACCEPTED: Outcome = Object.freeze({ status: 'accepted', code: null });
const outcomes = new Map<string | null, Outcome>();

function outcomeOf(status: Outcome['status'], code: string | null): Outcome {
  if (status === 'accepted' && code === null) return ACCEPTED;
  const key = `${status}:${code}`;
  let outcome = outcomes.get(key);
  if (!outcome) outcomes.set(key, (outcome = Object.freeze({ status, code })));
  return outcome;
}

/** Whether a replay decides this row again: a contest command a decider saw. */
export function isDecidedAgain(row: CommandRow): boolean {
  return row.stage !== 'edge' && isContestCommandType(row.command.type);
}

/** The contest command of a row that is decided again. */
export function decodeContestCommand(row: CommandRow): ContestCommand {
  return decodeCommand(row.command) as ContestCommand;
}

/** A candidate ruleset a replay decides and scores one contest with. */
export interface ReplayRuleset {
  readonly contestId: string;
  readonly ruleset: RulesetRecord;
  readonly acceptance: AcceptancePolicy;
  readonly scoring: ScoringRules;
}

/**
 * Re-decides the log in memory with the same deciders and the same `evolve` as live
 * handling (docs/DESIGN.md invariant 4). Commands no contest decider saw (identity, refusals at the
 * edge) keep their recorded outcome: a login's outcome depended on a secret. Optionally, one
 * contest is decided and scored under a candidate ruleset instead of its own.
 */
export class LogReplay {
  private readonly state: ContestState = emptyContestState();
  private readonly scores = new Map<string, ContestScore>();
  /** Accepted scoring events per contest, to score a history anew after a rule change. */
  private readonly history = new Map<string, ScoredRow[]>();

  constructor(
    rulesets: readonly RulesetRecord[],
    private readonly candidate: ReplayRuleset | null = null,
    private readonly options: { keepHistory: boolean } = { keepHistory: true },
  ) {
    for (const ruleset of rulesets) this.state.rulesets.set(ruleset.rulesetId, ruleset);
  }

  /**
   * Decides the row again (its command decoded once by the caller when two replays share it).
   * Outcomes are shared objects, one per status and code: a million rows make no garbage here.
   */
  apply(row: CommandRow, decoded?: ContestCommand): ReplayOutcome {
    const recorded = outcomeOf(row.status, row.rejectionCode);
    if (!isDecidedAgain(row)) {
      for (const event of row.events) this.learn(event);
      return { position: row.position, type: row.command.type, recorded, replayed: recorded };
    }
    const command = decoded ?? decodeContestCommand(row);
    const decision = decideContest(command, this.state);
    for (const event of decision.events) this.evolve(event, row.command.receivedAt);
    const replayed =
      decision.status === 'accepted' ? ACCEPTED : outcomeOf('rejected', decision.rejection.code);
    return { position: row.position, type: row.command.type, recorded, replayed };
  }

  /** The standings of a contest at `asOf` (default: as docs/RULESET.md defines it). */
  standings(contestId: string, asOf?: Date): RankedEntry[] {
    const score = this.scores.get(contestId);
    const at = asOf ?? (score ? asOfOf(score) : null);
    return score && at ? score.tally.rank(at) : [];
  }

  contestScore(contestId: string): ContestScore | undefined {
    return this.scores.get(contestId);
  }

  /** What the contest decider needs from other modules' events: accounts and rulesets. */
  private learn(event: DomainEvent): void {
    if (event.type === 'RulesetCreated') {
      this.state.rulesets.set(event.ruleset.rulesetId, event.ruleset);
    } else if (
      event.type === 'UserRegistered' ||
      event.type === 'LoginSucceeded' ||
      event.type === 'LoginFailed' ||
      event.type === 'LoginLockedOut' ||
      event.type === 'UserLoggedOut' ||
      event.type === 'RoleGranted'
    ) {
      evolveContestAccounts(this.state, event);
    }
  }

  private evolve(event: ContestEvent, receivedAt: Date): void {
    const candidate = this.candidate?.contestId === event.contestId ? this.candidate : null;
    // A what-if replay holds the contest to the candidate for its whole history.
    if (candidate && event.type === 'ContestCreated') {
      event = { ...event, acceptance: candidate.acceptance, ruleset: candidate.ruleset };
    } else if (candidate && event.type === 'ContestRulesetChanged') {
      event = { ...event, acceptance: candidate.acceptance, ruleset: candidate.ruleset };
    }
    evolveContest(this.state, event);
    const history = this.history.get(event.contestId) ?? [];
    if (event.type === 'ContestCreated') {
      this.history.set(event.contestId, [{ events: [event], receivedAt }]);
      this.scores.set(event.contestId, newContestScore(event, candidate?.scoring));
    } else if (event.type === 'ContestRulesetChanged' && !candidate) {
      // After a live rule change, the contest's whole history is scored under the new rules.
      history.push({ events: [event], receivedAt });
      const rescored = scoreHistory(history);
      if (rescored) this.scores.set(event.contestId, rescored);
    } else {
      if (this.options.keepHistory) history.push({ events: [event], receivedAt });
      const score = this.scores.get(event.contestId);
      if (score) feedScore(score, event);
    }
    const score = this.scores.get(event.contestId);
    if (score) score.lastAcceptedAt = receivedAt;
  }
}
