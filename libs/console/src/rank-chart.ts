import { orDash, svg } from './dom';

/** One entry's place on each side of a replay: ranks are null where it is not ranked. */
export interface RankPair {
  readonly entryId: string;
  readonly title: string;
  readonly liveRank: number | null;
  readonly replayRank: number | null;
}

const ROW = 28;
const LEFT = 220;
const RIGHT = 440;

/**
 * A slope chart: each entry's live rank on the left, its replay rank on the right, joined by a
 * line; titles label both ends. One `<g class="entry">` per entry, so people and tests can
 * count the marks. Unranked sides sit below the last rank.
 */
export function rankChart(caption: string, pairs: readonly RankPair[]): SVGElement {
  const ranks = pairs.flatMap((p) => [p.liveRank ?? 0, p.replayRank ?? 0]);
  const bottom = Math.max(1, ...ranks) + 1;
  const y = (rank: number | null) => 40 + ((rank ?? bottom) - 1) * ROW;
  const height = 40 + bottom * ROW;
  const titleId = `chart-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', {
    viewBox: `0 0 ${LEFT + RIGHT} ${height}`,
    width: LEFT + RIGHT,
    height,
    role: 'img',
    'aria-labelledby': titleId,
  });
  chart.append(svg('title', { id: titleId }, caption));
  chart.append(
    svg('text', { x: LEFT, y: 20, 'text-anchor': 'middle', class: 'axis' }, 'Live rank'),
  );
  chart.append(
    svg('text', { x: RIGHT, y: 20, 'text-anchor': 'middle', class: 'axis' }, 'Replay rank'),
  );
  for (const pair of pairs) {
    const mark = svg('g', { class: 'entry', 'data-entry-id': pair.entryId });
    const moved = pair.liveRank !== pair.replayRank;
    mark.append(
      svg(
        'title',
        {},
        `${pair.title}: live ${orDash(pair.liveRank)}, replay ${orDash(pair.replayRank)}`,
      ),
      svg('line', {
        x1: LEFT,
        y1: y(pair.liveRank),
        x2: RIGHT,
        y2: y(pair.replayRank),
        class: moved ? 'moved' : 'kept',
      }),
      svg('circle', { cx: LEFT, cy: y(pair.liveRank), r: 5 }),
      svg('circle', { cx: RIGHT, cy: y(pair.replayRank), r: 5 }),
      svg('text', { x: LEFT - 12, y: y(pair.liveRank) + 4, 'text-anchor': 'end' }, pair.title),
      svg('text', { x: RIGHT + 12, y: y(pair.replayRank) + 4 }, pair.title),
    );
    chart.append(mark);
  }
  return chart;
}
