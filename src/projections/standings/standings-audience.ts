/**
 * How far the standings view has taken one contest: the log position of the last command that
 * changed its standings (view_standings_contests.last_position), and whether they are final.
 * A contest's commands share one stream, decided and projected in position order (docs/DESIGN.md
 * invariants 5 and 6), so this position grows with every change of that contest and with
 * nothing else: "changed after p" is exactly "position > p". The view's own position
 * (high_position) would not do: a row committed late can change a contest without moving it.
 */
export interface ContestProgress {
  readonly position: number;
  readonly final: boolean;
}

/** What a stream has: the contest's position of the last page it got, or the one it resumed at. */
export interface Watcher {
  readonly contestId: string;
  readonly limit: number;
  seen: number;
}

/** A new stream that named no Last-Event-ID has seen nothing: its first page is due at once. */
export const NOTHING_SEEN = -1;

/** The watchers of one page (contest and limit) that the contest's progress leaves behind. */
export interface DuePage<W extends Watcher> {
  readonly contestId: string;
  readonly limit: number;
  readonly progress: ContestProgress;
  readonly watchers: readonly W[];
}

/**
 * Whether a watcher needs the contest's current page: the contest changed after what it has
 * seen, or the standings are final (the final page ends every stream, even one that saw it:
 * a client that reconnects after the end learns it is over rather than waiting forever).
 */
export function isDue(seen: number, progress: ContestProgress): boolean {
  return progress.position > seen || progress.final;
}

/**
 * Who watches which standings page, and who is due for a new one: the decisions of the live
 * standings broadcast, apart from its sockets and its SQL. Watchers are grouped by page
 * (contest and limit), so one build of a page serves every watcher of it.
 */
export class StandingsAudience<W extends Watcher> {
  private readonly pages = new Map<
    string,
    { contestId: string; limit: number; watchers: Set<W> }
  >();
  private readonly watchersByContest = new Map<string, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  join(watcher: W): void {
    const key = `${watcher.contestId}|${watcher.limit}`;
    let page = this.pages.get(key);
    if (!page) {
      page = { contestId: watcher.contestId, limit: watcher.limit, watchers: new Set() };
      this.pages.set(key, page);
    }
    if (page.watchers.has(watcher)) return;
    page.watchers.add(watcher);
    this.watchersByContest.set(
      watcher.contestId,
      (this.watchersByContest.get(watcher.contestId) ?? 0) + 1,
    );
    this.count += 1;
  }

  /** Idempotent: a stream leaves when it ends and again when its socket closes. */
  leave(watcher: W): void {
    const key = `${watcher.contestId}|${watcher.limit}`;
    const page = this.pages.get(key);
    if (!page?.watchers.delete(watcher)) return;
    if (page.watchers.size === 0) this.pages.delete(key);
    const left = (this.watchersByContest.get(watcher.contestId) ?? 1) - 1;
    if (left === 0) this.watchersByContest.delete(watcher.contestId);
    else this.watchersByContest.set(watcher.contestId, left);
    this.count -= 1;
  }

  /** The contests someone watches: what the one shared check asks the view about. */
  contests(): string[] {
    return [...this.watchersByContest.keys()];
  }

  *watchers(): IterableIterator<W> {
    for (const page of this.pages.values()) yield* page.watchers;
  }

  /**
   * The pages to build and whom to send each to, given every watched contest's progress.
   * `everyone`: the view was rebuilt (a new version swapped in), so what anyone saw may
   * differ from what it holds now, whatever the positions say.
   */
  due(progress: ReadonlyMap<string, ContestProgress>, everyone = false): DuePage<W>[] {
    const due: DuePage<W>[] = [];
    for (const { contestId, limit, watchers } of this.pages.values()) {
      const contest = progress.get(contestId);
      if (!contest) continue; // not in the view (only while a rebuild swaps it): next check
      let behind: W[] | null = null;
      for (const watcher of watchers)
        if (everyone || isDue(watcher.seen, contest)) (behind ??= []).push(watcher);
      if (behind) due.push({ contestId, limit, progress: contest, watchers: behind });
    }
    return due;
  }
}
