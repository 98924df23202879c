import { generateHistory } from './history-generator';
import { DEMO_OPTIONS, parseSeedOptions } from './seed-options';

describe('seeded history generator', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');

  it('gives the same actions, ids included, for the same seed', () => {
    expect(generateHistory(DEMO_OPTIONS, now)).toEqual(generateHistory(DEMO_OPTIONS, now));
  });

  it('gives another history for another seed', () => {
    expect(generateHistory({ ...DEMO_OPTIONS, seed: 7 }, now)).not.toEqual(
      generateHistory(DEMO_OPTIONS, now),
    );
  });

  it('orders actions by time, never after now, with about one in ten votes flipped or retracted', () => {
    const actions = generateHistory({ ...DEMO_OPTIONS, votes: 2000 }, now);
    const times = actions.map((a) => a.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    const retracts = actions.filter((a) => a.kind === 'retract').length;
    const votes = actions.filter((a) => a.kind === 'vote').length;
    expect(retracts / votes).toBeGreaterThan(0.02);
    expect(retracts / votes).toBeLessThan(0.1);
  });

  it('skews popularity: the most viewed entry draws far more views than the median one', () => {
    const actions = generateHistory(
      { ...DEMO_OPTIONS, contests: 1, entriesPerContest: 10, votes: 1000 },
      now,
    );
    const views = new Map<string, number>();
    for (const a of actions)
      if (a.kind === 'view') views.set(a.entryId, (views.get(a.entryId) ?? 0) + 1);
    const counts = [...views.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(3 * counts[Math.floor(counts.length / 2)]);
  });

  it('reads its options from the command line and refuses unknown ones', () => {
    expect(parseSeedOptions(['--users', '10', '--votes', '5'])).toMatchObject({
      users: 10,
      votes: 5,
    });
    expect(() => parseSeedOptions(['--cats', '3'])).toThrow(/unknown option --cats/);
    expect(() => parseSeedOptions(['--users', '-1'])).toThrow(/whole number/);
  });
});
