import { ContestTally } from './contest-tally';
import { STANDARD_V1 } from './ruleset';

describe('dedup marks are pruned without changing any count', () => {
  it('counts the same views as the dedup rule says over 120,000 views spanning days', () => {
    const tally = new ContestTally(STANDARD_V1.scoring);
    const start = Date.parse('2026-01-01T00:00:00Z');
    tally.submitEntry({
      entryId: 'e',
      authorId: 'a',
      title: 't',
      authorName: 'A',
      submittedAt: new Date(start),
    });
    // Viewer v(i % 7) watches every 3 minutes of its own cycle: a view counts when its last
    // counted one is at least 30 minutes old.
    const last = new Map<string, number>();
    let expected = 0;
    for (let i = 0; i < 120_000; i += 1) {
      const viewer = `v${i % 7}`;
      const at = start + i * 26_000; // 26 s apart overall, 182 s apart per viewer
      const previous = last.get(viewer);
      if (previous === undefined || at - previous >= 30 * 60_000) {
        expected += 1;
        last.set(viewer, at);
      }
      tally.recordView({ entryId: 'e', viewerKey: viewer, watchedSeconds: 10, at: new Date(at) });
    }
    const [ranked] = tally.rank(new Date(start + 120_000 * 26_000));
    expect(ranked.views).toBe(expected);
  });
});
