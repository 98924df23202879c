import {
  ContestProgress,
  isDue,
  NOTHING_SEEN,
  StandingsAudience,
  Watcher,
} from './standings-audience';

describe('the live standings audience', () => {
  const at = (position: number, final = false): ContestProgress => ({ position, final });
  const watcher = (contestId: string, seen = NOTHING_SEEN, limit = 50): Watcher => ({
    contestId,
    limit,
    seen,
  });

  describe('whether a stream needs the current page', () => {
    it('given a new stream, then the first page is due whatever the contest', () => {
      expect(isDue(NOTHING_SEEN, at(0))).toBe(true);
      expect(isDue(NOTHING_SEEN, at(42))).toBe(true);
    });

    it('given a stream resumed at a position, then a page is due only once the contest changed after it', () => {
      expect(isDue(42, at(41))).toBe(false);
      expect(isDue(42, at(42))).toBe(false);
      expect(isDue(42, at(43))).toBe(true);
    });

    it('given final standings, then the final page is due even to a stream that saw it', () => {
      expect(isDue(42, at(42, true))).toBe(true);
      expect(isDue(99, at(42, true))).toBe(true);
    });
  });

  describe('who is due on a check', () => {
    it('given watchers of two contests, when only one moved, then only its watchers behind are due', () => {
      const audience = new StandingsAudience<Watcher>();
      const [behind, upToDate, other] = [watcher('a', 5), watcher('a', 9), watcher('b', 3)];
      [behind, upToDate, other].forEach((w) => audience.join(w));

      const due = audience.due(
        new Map([
          ['a', at(9)],
          ['b', at(3)],
        ]),
      );

      expect(due).toEqual([{ contestId: 'a', limit: 50, progress: at(9), watchers: [behind] }]);
    });

    it('given watchers of one contest at two limits, then each page is due once with its own watchers', () => {
      const audience = new StandingsAudience<Watcher>();
      const [top10, top50a, top50b] = [watcher('a', 1, 10), watcher('a', 1), watcher('a', 2)];
      [top10, top50a, top50b].forEach((w) => audience.join(w));

      const due = audience.due(new Map([['a', at(7)]]));

      expect(due.map((page) => [page.limit, page.watchers])).toEqual([
        [10, [top10]],
        [50, [top50a, top50b]],
      ]);
      expect(audience.contests()).toEqual(['a']);
    });

    it('given a contest the view does not hold (a rebuild swapping it), then nobody is due for it yet', () => {
      const audience = new StandingsAudience<Watcher>();
      audience.join(watcher('a', 1));
      expect(audience.due(new Map())).toEqual([]);
    });

    it('given a rebuilt view, when checked for everyone, then every watcher is due whatever it saw', () => {
      const audience = new StandingsAudience<Watcher>();
      const w = watcher('a', 9);
      audience.join(w);
      expect(audience.due(new Map([['a', at(9)]]))).toEqual([]);
      expect(audience.due(new Map([['a', at(9)]]), true)[0].watchers).toEqual([w]);
    });

    it('given a watcher sent the page, when the contest has not moved, then it is not due again', () => {
      const audience = new StandingsAudience<Watcher>();
      const w = watcher('a');
      audience.join(w);
      expect(audience.due(new Map([['a', at(4)]]))).toHaveLength(1);
      w.seen = 4; // what the broadcast records once it wrote the page
      expect(audience.due(new Map([['a', at(4)]]))).toEqual([]);
    });
  });

  describe('joining and leaving', () => {
    it('given watchers that leave, then their contests are no longer checked and leaving twice is harmless', () => {
      const audience = new StandingsAudience<Watcher>();
      const [a1, a2, b] = [watcher('a'), watcher('a', NOTHING_SEEN, 10), watcher('b')];
      [a1, a2, b].forEach((w) => audience.join(w));
      expect(audience.size).toBe(3);
      expect(audience.contests().sort()).toEqual(['a', 'b']);

      audience.leave(a1);
      audience.leave(a1);
      audience.leave(b);

      expect(audience.size).toBe(1);
      expect(audience.contests()).toEqual(['a']);
      expect([...audience.watchers()]).toEqual([a2]);
      audience.leave(a2);
      expect(audience.contests()).toEqual([]);
      expect(audience.due(new Map([['a', at(1)]]))).toEqual([]);
    });

    it('given the same watcher joining twice, then it counts once', () => {
      const audience = new StandingsAudience<Watcher>();
      const w = watcher('a');
      audience.join(w);
      audience.join(w);
      expect(audience.size).toBe(1);
      audience.leave(w);
      expect(audience.contests()).toEqual([]);
    });
  });
});
