import { readingOrder } from '../runtime/projection-freshness';
import { matchesEtag, StandingsPages } from './standings-pages';

/** The view at `position`, the last row it applied being that one. */
const stamp = (position: number) => ({ position, cursor: readingOrder(position, position) });

describe('StandingsPages', () => {
  const board = (n: number) => ({ items: [{ rank: 1, score: n }] });

  it('given a page read at a position, when a row committed late (a smaller position) is applied, then the page is read again', async () => {
    const pages = new StandingsPages();
    const before = await pages.at(
      'c|50|0',
      { position: 9, cursor: readingOrder(20, 9) },
      async () => board(1),
    );
    // The view applied position 8 of transaction 21 after position 9 of transaction 20: its
    // largest position stays 9, but what it holds changed.
    const after = await pages.at('c|50|0', { position: 9, cursor: readingOrder(21, 8) }, async () =>
      board(2),
    );
    expect(after).not.toBe(before);
    expect(after!.etag).not.toBe(before!.etag);
    expect(after!.position).toBe(9);
  });

  it('given a page read at a position, when asked again at that position, then it is not read again', async () => {
    const pages = new StandingsPages();
    const read = jest.fn(async () => board(1));
    const first = await pages.at('c|50|0', stamp(7), read);
    const second = await pages.at('c|50|0', stamp(7), read);
    expect(second).toBe(first);
    expect(read).toHaveBeenCalledTimes(1);
    expect(JSON.parse(first!.body.toString())).toEqual(board(1));
  });

  it('given many readers of a page at a new position, when they ask at once, then one read serves them all', async () => {
    const pages = new StandingsPages();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = jest.fn(async () => {
      await gate;
      return board(2);
    });
    const readers = Array.from({ length: 50 }, () => pages.at('c|50|0', stamp(8), read));
    release();
    const served = await Promise.all(readers);
    expect(read).toHaveBeenCalledTimes(1);
    expect(new Set(served).size).toBe(1);
  });

  it('given the checkpoint moved, when the page is asked at the new position, then it is read again with a new ETag', async () => {
    const pages = new StandingsPages();
    const old = await pages.at('c|50|0', stamp(7), async () => board(1));
    const moved = await pages.at('c|50|0', stamp(9), async () => board(2));
    expect(moved!.position).toBe(9);
    expect(moved!.etag).not.toBe(old!.etag);
  });

  it('given a slow build finishing after a newer one, then the newer page is kept', async () => {
    const pages = new StandingsPages();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = pages.at('c|50|0', stamp(5), async () => {
      await gate;
      return board(5);
    });
    await pages.at('c|50|0', stamp(6), async () => board(6));
    release();
    await slow;
    const read = jest.fn(async () => board(0));
    expect((await pages.at('c|50|0', stamp(6), read))!.position).toBe(6);
    expect(read).not.toHaveBeenCalled();
  });

  it('given no such contest, then nothing is kept and the next reader asks the view again', async () => {
    const pages = new StandingsPages();
    const read = jest.fn(async () => null);
    expect(await pages.at('x|50|0', stamp(1), read)).toBeNull();
    expect(await pages.at('x|50|0', stamp(1), read)).toBeNull();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('given a failed read, then the next reader tries again', async () => {
    const pages = new StandingsPages();
    await expect(
      pages.at('c|50|0', stamp(1), () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(await pages.at('c|50|0', stamp(1), async () => board(1))).not.toBeNull();
  });
});

describe('matchesEtag', () => {
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
    [undefined, false],
  ])('If-None-Match %s matches "abc": %s', (header, matches) => {
    expect(matchesEtag(header, '"abc"')).toBe(matches);
  });
});
