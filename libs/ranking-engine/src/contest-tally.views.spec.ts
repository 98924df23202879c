import { atMinutes, atMs, scoringOf, T0, tallyWithEntries } from '@contest/testing';

describe('ContestTally views', () => {
  // Window 30 min, minimum 3 s (standard-v1); views and watch minutes weigh 1 as they are.
  const rules = scoringOf({
    votes: { weight: 0 },
    comments: { weight: 0 },
    views: { weight: 1, transform: 'identity' },
    watchMinutes: { weight: 1, transform: 'identity', maxSecondsPerView: 600 },
  });
  const newTally = () => tallyWithEntries(rules, [{ entryId: 'e1' }]);
  const THIRTY_MINUTES_MS = 30 * 60_000;

  it('does not count a repeat inside the window; counts one exactly a window after', () => {
    const tally = newTally();
    const view = (at: Date) =>
      tally.recordView({ entryId: 'e1', viewerKey: 'v', watchedSeconds: 60, at });
    view(T0); // counted, opens the window [T0, T0 + 30 min)
    view(atMs(THIRTY_MINUTES_MS - 1)); // 29:59.999 after: inside, not counted
    view(atMs(THIRTY_MINUTES_MS)); // exactly 30 min after the last counted one: counted
    view(atMinutes(45)); // 15 min after the last counted one: not counted
    view(atMinutes(60)); // 30 min after: counted
    expect(tally.rank(atMinutes(60))[0].views).toBe(3);
  });

  it('measures the window from the last counted view, not the last seen one', () => {
    const tally = newTally();
    const view = (minute: number) =>
      tally.recordView({
        entryId: 'e1',
        viewerKey: 'v',
        watchedSeconds: 60,
        at: atMinutes(minute),
      });
    view(0); // counted
    view(20); // not counted; does not push the window
    view(30); // counted: 30 min after minute 0
    expect(tally.rank(atMinutes(30))[0].views).toBe(2);
  });

  it('does not count a view shorter than minWatchSeconds, nor let it open a window', () => {
    const tally = newTally();
    const view = (minute: number, watchedSeconds: number) =>
      tally.recordView({ entryId: 'e1', viewerKey: 'w', watchedSeconds, at: atMinutes(minute) });
    view(0, 2.999); // under 3 s: not counted, no window
    view(10, 3); // exactly 3 s counts, though only 10 min after the short one
    view(20, 50); // 10 min after the counted one: not counted
    expect(tally.rank(atMinutes(20))[0]).toMatchObject({ views: 1, watchSeconds: 3 });
  });

  it('dedups per viewer key and per entry', () => {
    const tally = tallyWithEntries(rules, [{ entryId: 'e1' }, { entryId: 'e2' }]);
    for (const [entryId, viewerKey] of [
      ['e1', 'a'],
      ['e1', 'b'],
      ['e2', 'a'],
      ['e1', 'a'],
    ]) {
      tally.recordView({ entryId, viewerKey, watchedSeconds: 10, at: T0 });
    }
    const views = Object.fromEntries(tally.rank(T0).map((line) => [line.entryId, line.views]));
    expect(views).toEqual({ e1: 2, e2: 1 }); // the second (e1, a) is a repeat
  });

  it('caps each view at maxSecondsPerView in watchSeconds and watch minutes', () => {
    const tally = newTally();
    tally.recordView({ entryId: 'e1', viewerKey: 'a', watchedSeconds: 900, at: T0 });
    tally.recordView({ entryId: 'e1', viewerKey: 'b', watchedSeconds: 120, at: T0 });
    // watchSeconds = min(900, 600) + min(120, 600) = 720; watch minutes = 720 / 60 = 12
    // score = 1 · views (2) + 1 · watch minutes (12) = 14
    expect(tally.rank(T0)[0]).toMatchObject({ views: 2, watchSeconds: 720, score: 14 });
  });

  it('weighs views with the standard-v1 defaults: 0.1 · ln(1 + 3)', () => {
    const tally = tallyWithEntries(scoringOf({ votes: { weight: 0 } }), [{ entryId: 'e1' }]);
    for (const viewerKey of ['a', 'b', 'c']) {
      tally.recordView({ entryId: 'e1', viewerKey, watchedSeconds: 10, at: T0 });
    }
    // 0.1 · ln 4 = 0.1 · 1.3862944 = 0.138629 (watch minutes weigh 0 by default)
    expect(tally.rank(T0)[0].score).toBe(0.138629);
  });

  it('refuses a watchedSeconds that is not a finite number ≥ 0', () => {
    const tally = newTally();
    expect(() =>
      tally.recordView({ entryId: 'e1', viewerKey: 'a', watchedSeconds: Number.NaN, at: T0 }),
    ).toThrow(RangeError);
  });
});
