/**
 * A micro-cache for hot view reads: a serialized reply is reused for `ttlMs`. Views are
 * eventually consistent anyway; a reply at most ttlMs older than the view is within the
 * freshness budget (docs/BENCHMARKS.md P2: 250 ms). Reads with minPosition bypass it, so
 * read-your-writes stays exact.
 */
export class ViewCache {
  private readonly entries = new Map<
    string,
    { expiresAt: number; json: string; position: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): { json: string; position: number } | null {
    const hit = this.entries.get(key);
    if (!hit) return null;
    if (hit.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return null;
    }
    return hit;
  }

  set(key: string, json: string, position: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear(); // bounded memory, cheap to refill
    this.entries.set(key, { expiresAt: Date.now() + this.ttlMs, json, position });
  }
}
