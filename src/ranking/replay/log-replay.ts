import {
  AcceptancePolicy,
  ContestEvent,
  ContestState,
  decideContest,
  emptyContestState,
  evolveContest,
  evolveContestAccounts,
  IdentityEvent,
  RulesetRecord,
} from '@contest/domain';
import { RankedEntry, ScoringRules } from '@contest/ranking-engine';
import { StoredEvent } from '../../command-log/stored-event';
import { asOfOf, ContestScore, feedTally, newContestScore } from '../scoring/feed-tally';
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

  constructor(
    rulesets: readonly RulesetRecord[],
    private readonly candidate: ReplayRuleset | null = null,
  ) {
    for (const ruleset of rulesets) this.state.rulesets.set(ruleset.rulesetId, ruleset);
  }

  apply(row: ReplayRow): ReplayOutcome {
    const command = contestCommandOf(row);
    const recorded = { status: row.status, code: row.rejectionCode };
    if (command === null) {
      for (const event of row.events)
        evolveContestAccounts(this.state, event as unknown as IdentityEvent);
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
    const candidate = this.candidate;
    if (event.type === 'ContestCreated' && candidate?.contestId === event.contestId) {
      event = { ...event, acceptance: candidate.acceptance, ruleset: candidate.ruleset };
    }
    evolveContest(this.state, event);
    const stored = event as unknown as StoredEvent;
    if (event.type === 'ContestCreated') {
      const scoring = candidate?.contestId === event.contestId ? candidate.scoring : undefined;
      this.scores.set(event.contestId, newContestScore(stored, scoring));
    } else {
      const score = this.scores.get(event.contestId);
      if (score) feedTally(score, stored);
    }
    const score = this.scores.get(event.contestId);
    if (score) score.lastAcceptedAt = receivedAt;
  }
}
