import {
  AcceptancePolicy,
  ContestEvent,
  ContestState,
  decideContest,
  emptyContestState,
  evolveContest,
  evolveContestAccounts,
  IdentityEvent,
  RulesetCreated,
  RulesetRecord,
} from '@contest/domain';
import { RankedEntry, ScoringRules } from '@contest/ranking-engine';
import { StoredEvent } from '../../command-log/stored-event';
import {
  asOfOf,
  ContestScore,
  feedTally,
  labelOf,
  newContestScore,
  scoringOf,
} from '../../ranking/scoring/feed-tally';
import { contestCommandOf, ReplayRow } from './command-from-log';

export interface ReplayOutcome {
  readonly position: number;
  readonly type: string;
  readonly recorded: { readonly status: 'accepted' | 'rejected'; readonly code: string | null };
  readonly replayed: { readonly status: 'accepted' | 'rejected'; readonly code: string | null };
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
 * handling (DESIGN.md invariant 4). Commands no contest decider saw (identity, refusals at the
 * edge) keep their recorded outcome: a login's outcome depended on a secret. Optionally, one
 * contest is decided and scored under a candidate ruleset instead of its own.
 */
export class LogReplay {
  private readonly state: ContestState = emptyContestState();
  private readonly scores = new Map<string, ContestScore>();
  /** Accepted scoring events per contest, to score a history anew after a rule change. */
  private readonly history = new Map<string, { event: StoredEvent; receivedAt: Date }[]>();

  constructor(
    rulesets: readonly RulesetRecord[],
    private readonly candidate: ReplayRuleset | null = null,
    private readonly options: { keepHistory: boolean } = { keepHistory: true },
  ) {
    for (const ruleset of rulesets) this.state.rulesets.set(ruleset.rulesetId, ruleset);
  }

  apply(row: ReplayRow): ReplayOutcome {
    const command = contestCommandOf(row);
    const recorded = { status: row.status, code: row.rejectionCode };
    if (command === null) {
      for (const event of row.events) {
        if (event.type === 'RulesetCreated') {
          const created = event as unknown as RulesetCreated;
          this.state.rulesets.set(created.ruleset.rulesetId, created.ruleset);
        } else {
          evolveContestAccounts(this.state, event as unknown as IdentityEvent);
        }
      }
      return { position: row.position, type: row.type, recorded, replayed: recorded };
    }
    const decision = decideContest(command, this.state);
    for (const event of decision.events) this.evolve(event, row.receivedAt);
    const replayed =
      decision.status === 'accepted'
        ? { status: 'accepted' as const, code: null }
        : { status: 'rejected' as const, code: decision.rejection.code };
    return { position: row.position, type: row.type, recorded, replayed };
  }

  /** The standings of a contest at `asOf` (default: as RULESET.md defines it). */
  standings(contestId: string, asOf?: Date): RankedEntry[] {
    const score = this.scores.get(contestId);
    const at = asOf ?? (score ? asOfOf(score) : null);
    return score && at ? score.tally.rank(at) : [];
  }

  contestScore(contestId: string): ContestScore | undefined {
    return this.scores.get(contestId);
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
    const stored = event as unknown as StoredEvent;
    const history = this.history.get(event.contestId) ?? [];
    if (event.type === 'ContestCreated') {
      this.history.set(event.contestId, [{ event: stored, receivedAt }]);
      this.scores.set(event.contestId, newContestScore(stored, candidate?.scoring));
    } else if (event.type === 'ContestRulesetChanged' && !candidate) {
      this.rescore(event.contestId, stored, history);
    } else {
      if (this.options.keepHistory) history.push({ event: stored, receivedAt });
      const score = this.scores.get(event.contestId);
      if (score) feedTally(score, stored);
    }
    const score = this.scores.get(event.contestId);
    if (score) score.lastAcceptedAt = receivedAt;
  }

  /** After a live rule change, the contest's whole history is scored under the new rules. */
  private rescore(
    contestId: string,
    change: StoredEvent,
    history: { event: StoredEvent; receivedAt: Date }[],
  ): void {
    const [created, ...rest] = history;
    if (!created) return;
    const score = newContestScore(
      created.event,
      scoringOf((change.ruleset as { scoring: unknown }).scoring),
    );
    score.ruleset = labelOf(change);
    for (const { event } of rest) feedTally(score, event);
    this.scores.set(contestId, score);
  }
}
