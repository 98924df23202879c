import { ContestScore, feedScore, newContestScore, scoreHistory } from '@contest/ranking-engine';
import { EntityManager } from 'typeorm';
import { LogCursor, LogRow, readStreamUpTo } from '../../command-log/log-reader';

const contestStream = (contestId: string) => `contest:${contestId}`;

/** The contest id of a contest stream's rows (`contest:<id>`), or null for other streams. */
export function contestIdOf(row: LogRow): string | null {
  return row.streamKey.startsWith('contest:') ? row.streamKey.slice('contest:'.length) : null;
}

const MAX_CACHED_CONTESTS = 500;

/** The contests a batch touched, each with its score and the last position that touched it. */
export type TouchedContests = Map<string, { score: ContestScore; position: number }>;

/**
 * Each scoring projector's own in-memory tallies, one per contest. They are a cache of the
 * log, valid only at the checkpoint they were built for: when the projector's checkpoint is
 * not where the cache left off (another worker ran, a batch rolled back), the cache is
 * dropped and a contest's tally is rebuilt from that contest's rows of the log.
 */
export class ContestScores {
  private readonly cache = new Map<string, ContestScore>();
  private validAt: LogCursor | null = null;

  /** Call at the start of a batch with the checkpoint the batch follows. */
  beginBatch(after: LogCursor): void {
    const valid =
      this.validAt && this.validAt.txId === after.txId && this.validAt.position === after.position;
    if (!valid) this.cache.clear();
    this.validAt = null; // until the batch is fully applied
  }

  /** Call once every row of the batch went through `feed`; commit may still fail, see beginBatch. */
  endBatch(last: LogCursor): void {
    this.validAt = { txId: last.txId, position: last.position };
    while (this.cache.size > MAX_CACHED_CONTESTS)
      this.cache.delete(this.cache.keys().next().value!);
  }

  /** The contest's score as of just before `row`, loading it from the log if need be. */
  async before(tx: EntityManager, contestId: string, row: LogRow): Promise<ContestScore | null> {
    return this.cache.get(contestId) ?? (await this.rebuild(tx, contestId, row, false));
  }

  /**
   * Builds a contest's score from its accepted rows up to `row` (inclusive or not), under the
   * ruleset in force at the end: after a rule change the whole history is scored anew.
   */
  private async rebuild(tx: EntityManager, contestId: string, row: LogRow, inclusive: boolean) {
    const history = await readStreamUpTo(tx, contestStream(contestId), row, inclusive);
    const score = scoreHistory(history);
    if (score) this.cache.set(contestId, score);
    return score;
  }

  /**
   * Feeds a whole batch (after beginBatch), calling `perRow` for each row of a contest with its
   * score, and returns the contests it touched.
   */
  async feedBatch(
    tx: EntityManager,
    rows: readonly LogRow[],
    perRow?: (row: LogRow) => Promise<void>,
  ): Promise<TouchedContests> {
    const touched: TouchedContests = new Map();
    for (const row of rows) {
      const score = await this.feed(tx, row);
      if (!score) continue;
      if (perRow) await perRow(row);
      touched.set(score.contestId, { score, position: row.position });
    }
    return touched;
  }

  /** Applies an accepted row of a contest stream; returns the contest's score, or null. */
  async feed(tx: EntityManager, row: LogRow): Promise<ContestScore | null> {
    const contestId = contestIdOf(row);
    if (contestId === null || row.status !== 'accepted' || row.events.length === 0) return null;
    if (row.events.some((e) => e.type === 'ContestRulesetChanged')) {
      // Re-score the whole history under the new rules (docs/RULESET.md); writes are not held up.
      this.cache.delete(contestId);
      const rescored = await this.rebuild(tx, contestId, row, true);
      if (rescored) rescored.lastAcceptedAt = row.receivedAt;
      return rescored;
    }
    let score = await this.before(tx, contestId, row);
    for (const event of row.events) {
      if (event.type === 'ContestCreated') {
        score = newContestScore(event);
        this.cache.set(contestId, score);
      } else if (score) {
        feedScore(score, event);
      }
    }
    if (score) score.lastAcceptedAt = row.receivedAt;
    return score;
  }
}
