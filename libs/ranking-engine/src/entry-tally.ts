import { ExactSum } from './exact-sum';

/** The latest state of one (entry, voter) pair; a retraction deletes it. */
export interface VotePair {
  readonly value: 1 | -1;
  /** The latest cast: what exponential decay measures from. */
  readonly atMs: number;
  /** Ineligible states are kept, so that they replace the earlier state, but count nothing. */
  readonly eligible: boolean;
}

export interface LiveComment {
  readonly authorId: string;
  readonly atMs: number;
}

export interface CountedView {
  readonly atMs: number;
  readonly cappedSeconds: number;
}

/**
 * Everything one entry needs to be scored, kept as live state only: integer counters that are
 * updated on every fact, plus the timed items that exponential decay has to re-weigh at each
 * asOf (those are kept only when `keepsTimes`).
 */
export class EntryTally {
  withdrawn = false;
  up = 0;
  down = 0;
  readonly votes = new Map<string, VotePair>();
  /** Live comments per author, for distinctAuthors and excludeEntryAuthor. */
  readonly commentCountsByAuthor = new Map<string, number>();
  liveCommentCount = 0;
  /** Live comments with their times; only under exponential decay. */
  readonly liveComments = new Map<string, LiveComment>();
  countedViews = 0;
  readonly watchSeconds = new ExactSum();
  /** Time of the last counted view per viewer key: all the dedup window needs. */
  readonly lastCountedViewMs = new Map<string, number>();
  /** Counted views with their times; only under exponential decay. */
  readonly countedViewLog: CountedView[] = [];

  constructor(
    readonly entryId: string,
    readonly authorId: string,
    readonly title: string,
    readonly authorName: string,
    readonly submittedAtMs: number,
    private readonly keepsTimes: boolean,
  ) {}

  setVote(voterId: string, next: VotePair | undefined): void {
    this.count(this.votes.get(voterId), -1);
    if (next === undefined) {
      this.votes.delete(voterId);
    } else {
      this.votes.set(voterId, next);
      this.count(next, 1);
    }
  }

  addComment(commentId: string, comment: LiveComment): void {
    const count = this.commentCountsByAuthor.get(comment.authorId) ?? 0;
    this.commentCountsByAuthor.set(comment.authorId, count + 1);
    this.liveCommentCount += 1;
    if (this.keepsTimes) this.liveComments.set(commentId, comment);
  }

  removeComment(commentId: string, authorId: string): void {
    const count = this.commentCountsByAuthor.get(authorId) ?? 0;
    // Deleting the key keeps `size` equal to the number of distinct live authors.
    if (count <= 1) this.commentCountsByAuthor.delete(authorId);
    else this.commentCountsByAuthor.set(authorId, count - 1);
    this.liveCommentCount -= 1;
    this.liveComments.delete(commentId);
  }

  countedComments(distinctAuthors: boolean, excludeEntryAuthor: boolean): number {
    const own = this.commentCountsByAuthor.get(this.authorId) ?? 0;
    if (distinctAuthors) {
      return this.commentCountsByAuthor.size - (excludeEntryAuthor && own > 0 ? 1 : 0);
    }
    return this.liveCommentCount - (excludeEntryAuthor ? own : 0);
  }

  countView(viewerKey: string, atMs: number, cappedSeconds: number): void {
    this.lastCountedViewMs.set(viewerKey, atMs);
    this.countedViews += 1;
    this.watchSeconds.add(cappedSeconds);
    if (this.keepsTimes) this.countedViewLog.push({ atMs, cappedSeconds });
  }

  private count(pair: VotePair | undefined, delta: 1 | -1): void {
    if (pair === undefined || !pair.eligible) return;
    if (pair.value === 1) this.up += delta;
    else this.down += delta;
  }
}
