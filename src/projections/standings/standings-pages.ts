import { createHash } from 'node:crypto';
import type { ViewFreshness } from '../runtime/projection-freshness';

/** One standings page, serialized once and sent as it is to every reader until the view moves. */
export interface StandingsPage {
  /** The standings checkpoint the page was read at: its X-Projection-Position. */
  readonly position: number;
  /** Where the view was in its reading order (ViewFreshness.cursor): the page is valid there. */
  readonly cursor: string;
  readonly body: Buffer;
  /** A strong validator of the body, for If-None-Match. */
  readonly etag: string;
}

/**
 * The standings pages this process has served, by contest, limit and offset. A page stays valid
 * while the standings projection's checkpoint stays where the page was read (its reading-order
 * cursor, which every applied row moves, not only the largest position); when it moves, the
 * first reader builds the page again and every concurrent reader of that page awaits the same
 * build, so a hot page costs one read of the view per checkpoint move, not one per request.
 */
export class StandingsPages {
  private readonly pages = new Map<string, StandingsPage>();
  private readonly building = new Map<string, Promise<StandingsPage | null>>();

  constructor(private readonly maxPages = 10_000) {}

  /** The page where the view is (`at`), from memory when it was read there, else from `read`. */
  async at(
    key: string,
    at: ViewFreshness,
    read: () => Promise<object | null>,
  ): Promise<StandingsPage | null> {
    const page = this.pages.get(key);
    if (page && page.cursor === at.cursor) return page;
    const buildKey = `${key}@${at.cursor}`;
    const inFlight = this.building.get(buildKey);
    if (inFlight) return inFlight;
    const build = read()
      .then((body) => (body === null ? null : this.keep(key, at, body)))
      .finally(() => this.building.delete(buildKey));
    this.building.set(buildKey, build);
    return build;
  }

  private keep(key: string, at: ViewFreshness, body: object): StandingsPage {
    const bytes = Buffer.from(JSON.stringify(body));
    const digest = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
    const page = { position: at.position, cursor: at.cursor, body: bytes, etag: `"${digest}"` };
    if (this.pages.size >= this.maxPages && !this.pages.has(key)) this.pages.clear(); // bounded
    const current = this.pages.get(key);
    // Builds can finish out of order; a page never replaces one read later in reading order.
    if (!current || current.cursor <= at.cursor) this.pages.set(key, page);
    return page;
  }
}

/** Whether an If-None-Match header names this ETag (a list, `*`, or weak forms included). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
