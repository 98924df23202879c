import { EntryTally } from './entry-tally';
import { EntryMeasures, measureEntry } from './entry-measures';
import { contestPriorOf, weightedScore } from './entry-score';
import { ExactSum } from './exact-sum';
import { gravityDivisor, MS_PER_HOUR, roundHalfAwayFromZero } from './formulas';
import { ScoringRules } from './ruleset';
import {
  CommentPosted,
  ContestTotals,
  EntrySubmission,
  epochMs,
  RankedEntry,
  ViewRecorded,
  VoteCast,
  VoteRetraction,
  WithdrawnEntry,
} from './tally-facts';
import { tieBreakComparator } from './tie-break';

/**
 * The standings of ONE contest, fed its accepted facts in log order and ranked at any asOf.
 *
 * Memory follows live state, not history: vote pairs, live comments, the last counted view per
 * (entry, viewer key) and integer counters; counted views are kept one by one only under
 * exponential decay, which must re-weigh each at every asOf. A fact naming an entry that was
 * never submitted throws: the log only holds accepted commands, so that is a bug upstream.
 */
export class ContestTally {
  private readonly entries = new Map<string, EntryTally>();
  /** Live comments only: deleting an unknown or already deleted comment changes nothing. */
  private readonly comments = new Map<string, { entry: EntryTally; authorId: string }>();
  private readonly keepsTimes: boolean;
  /** Newest view time seen, and views since dedup marks were last pruned. */
  private latestViewMs = -Infinity;
  private viewsSincePrune = 0;

  constructor(private readonly rules: ScoringRules) {
    this.keepsTimes = rules.decay.kind === 'exponential';
  }

  submitEntry(fact: EntrySubmission): void {
    if (this.entries.has(fact.entryId)) {
      throw new Error(`Entry ${fact.entryId} was already submitted`);
    }
    const submittedAtMs = epochMs(fact.submittedAt, 'submittedAt');
    this.entries.set(
      fact.entryId,
      new EntryTally(
        fact.entryId,
        fact.authorId,
        fact.title,
        fact.authorName,
        submittedAtMs,
        this.keepsTimes,
      ),
    );
  }

  /** Withdrawn entries keep their facts but are not ranked; withdrawing twice is a no-op. */
  withdrawEntry(entryId: string): void {
    this.entry(entryId).withdrawn = true;
  }

  /**
   * The pair's latest state replaces the earlier one even when the voter is not (yet) eligible;
   * that state then counts nothing. Account age only grows, so in a log ordered by time an
   * ineligible cast can only follow other ineligible casts of the same voter.
   */
  castVote(fact: VoteCast): void {
    const atMs = epochMs(fact.at, 'at');
    const ageMs = atMs - epochMs(fact.voterRegisteredAt, 'voterRegisteredAt');
    // "younger than" the minimum is ineligible, so an account exactly that old is eligible.
    const eligible = ageMs >= this.rules.eligibility.minVoterAccountAgeHours * MS_PER_HOUR;
    this.entry(fact.entryId).setVote(fact.voterId, { value: fact.value, atMs, eligible });
  }

  /** The pair counts nothing afterwards; retracting a pair without a vote is a no-op. */
  retractVote(fact: VoteRetraction): void {
    epochMs(fact.at, 'at'); // unused (nothing is left to decay) but a bad Date still fails loudly
    this.entry(fact.entryId).setVote(fact.voterId, undefined);
  }

  addComment(fact: CommentPosted): void {
    if (this.comments.has(fact.commentId)) {
      throw new Error(`Comment ${fact.commentId} was already added`);
    }
    const entry = this.entry(fact.entryId);
    const atMs = epochMs(fact.at, 'at');
    entry.addComment(fact.commentId, { authorId: fact.authorId, atMs });
    this.comments.set(fact.commentId, { entry, authorId: fact.authorId });
  }

  deleteComment(commentId: string): void {
    const comment = this.comments.get(commentId);
    if (comment === undefined) return;
    comment.entry.removeComment(commentId, comment.authorId);
    this.comments.delete(commentId);
  }

  /**
   * A view counts when watchedSeconds ≥ minWatchSeconds and the viewer key's last counted view
   * of the entry is at least dedupWindowMinutes old: a view exactly one window later counts,
   * one a millisecond sooner does not. A view that does not count opens no window.
   */
  recordView(fact: ViewRecorded): void {
    const entry = this.entry(fact.entryId);
    const atMs = epochMs(fact.at, 'at');
    const watched = fact.watchedSeconds;
    if (!Number.isFinite(watched) || watched < 0) {
      throw new RangeError(`watchedSeconds must be a finite number ≥ 0, got ${watched}`);
    }
    const { minWatchSeconds, dedupWindowMinutes } = this.rules.views;
    if (watched < minWatchSeconds) return;
    const windowMs = dedupWindowMinutes * 60_000;
    this.pruneDedupMarks(atMs, windowMs);
    const lastMs = entry.lastCountedViewMs.get(fact.viewerKey);
    if (lastMs !== undefined && atMs - lastMs < windowMs) return;
    entry.countView(
      fact.viewerKey,
      atMs,
      Math.min(watched, this.rules.watchMinutes.maxSecondsPerView),
    );
  }

  /** Ids of the entries that are ranked (not withdrawn), in submission order. */
  /**
   * Forgets dedup marks too old to suppress any later view, so memory follows the viewers of
   * the last window, not every viewer ever (a million-command replay). Views arrive in log
   * order, which is time order up to the moments requests race for a lock; the margin of a
   * whole window (and at least a minute) keeps every mark that could still matter, so pruning
   * never changes a count.
   */
  private pruneDedupMarks(atMs: number, windowMs: number): void {
    this.latestViewMs = Math.max(this.latestViewMs, atMs);
    this.viewsSincePrune += 1;
    if (this.viewsSincePrune < 50_000) return;
    this.viewsSincePrune = 0;
    const horizon = this.latestViewMs - 2 * windowMs - 60_000;
    for (const entry of this.entries.values()) {
      for (const [viewer, lastMs] of entry.lastCountedViewMs) {
        if (lastMs < horizon) entry.lastCountedViewMs.delete(viewer);
      }
    }
  }

  entryIds(): string[] {
    return this.ranked().map((entry) => entry.entryId);
  }

  contestTotals(): ContestTotals {
    const { distinctAuthors, excludeEntryAuthor } = this.rules.comments;
    const ranked = this.ranked();
    const sum = (count: (entry: EntryTally) => number): number =>
      ranked.reduce((total, entry) => total + count(entry), 0);
    return {
      entries: ranked.length,
      upvotes: sum((entry) => entry.up),
      downvotes: sum((entry) => entry.down),
      comments: sum((entry) => entry.countedComments(distinctAuthors, excludeEntryAuthor)),
      views: sum((entry) => entry.countedViews),
      watchSeconds: ExactSum.of(ranked.map((entry) => entry.watchSeconds.value())),
    };
  }

  /** The standings at asOf: ranks 1..N, ordered by the ruleset's tieBreak on rounded scores. */
  rank(asOf: Date): RankedEntry[] {
    const asOfMs = epochMs(asOf, 'asOf');
    const rules = this.rules;
    const ranked = this.ranked();
    const measures = ranked.map((entry) => measureEntry(entry, rules, asOfMs));
    const prior = this.contestPrior(measures);
    const { distinctAuthors, excludeEntryAuthor } = rules.comments;
    const lines = ranked.map((entry, index) => {
      let score = weightedScore(measures[index], rules, prior);
      if (rules.decay.kind === 'gravity') {
        const { gravity, offsetHours } = rules.decay;
        score /= gravityDivisor(asOfMs, entry.submittedAtMs, gravity, offsetHours);
      }
      return {
        entry,
        entryId: entry.entryId,
        submittedAtMs: entry.submittedAtMs,
        score: roundHalfAwayFromZero(score, rules.precision),
        upvotes: entry.up,
      };
    });
    lines.sort(tieBreakComparator(rules.tieBreak));
    return lines.map(({ entry, score }, index) => ({
      rank: index + 1,
      entryId: entry.entryId,
      title: entry.title,
      authorId: entry.authorId,
      authorName: entry.authorName,
      submittedAt: new Date(entry.submittedAtMs),
      score,
      upvotes: entry.up,
      downvotes: entry.down,
      comments: entry.countedComments(distinctAuthors, excludeEntryAuthor),
      views: entry.countedViews,
      watchSeconds: entry.watchSeconds.value(),
    }));
  }

  /**
   * The withdrawn entries with what they counted: not ranked, no score, but their counts stay
   * the entry's own (so a view shows the same whatever batches it was built in).
   */
  withdrawnEntries(): WithdrawnEntry[] {
    const { distinctAuthors, excludeEntryAuthor } = this.rules.comments;
    return [...this.entries.values()]
      .filter((entry) => entry.withdrawn)
      .map((entry) => ({
        entryId: entry.entryId,
        upvotes: entry.up,
        downvotes: entry.down,
        comments: entry.countedComments(distinctAuthors, excludeEntryAuthor),
        views: entry.countedViews,
        watchSeconds: entry.watchSeconds.value(),
      }));
  }

  /** Over the ranked entries only, with the same (possibly decayed) up/down the score uses. */
  private contestPrior(measures: readonly EntryMeasures[]): number {
    const aggregate = this.rules.votes.aggregate;
    if (aggregate.kind !== 'bayesian' || aggregate.prior !== 'contest') return 0.5;
    return contestPriorOf(
      ExactSum.of(measures.map((m) => m.up)),
      ExactSum.of(measures.map((m) => m.down)),
    );
  }

  private ranked(): EntryTally[] {
    return [...this.entries.values()].filter((entry) => !entry.withdrawn);
  }

  private entry(entryId: string): EntryTally {
    const entry = this.entries.get(entryId);
    if (entry === undefined) throw new Error(`Entry ${entryId} was never submitted`);
    return entry;
  }
}
