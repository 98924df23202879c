import { svg } from './dom';

/** A count of refusals of one code in one time bucket. */
export interface CodeCount {
  readonly start: string;
  readonly code: string;
  readonly count: number;
}

/** The time the chart spans, and the bucket each bar counts (UTC hours or days). */
export interface ChartRange {
  readonly from: Date;
  readonly to: Date;
  readonly bucket: 'hour' | 'day';
}

const PALETTE = [
  '#d62828',
  '#f77f00',
  '#fcbf49',
  '#2a9d8f',
  '#264653',
  '#8338ec',
  '#3a86ff',
  '#6a994e',
];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const PLOT_WIDTH = 720;
const HEIGHT = 220;
const LEFT = 48;
const TOP = 12;
/** Tick steps to choose from: the smallest that leaves at most MAX_TICKS labels. */
const TICK_STEPS = [1, 3, 6, 12, 24, 48, 168, 336, 720].map((hours) => hours * HOUR_MS);
const MAX_TICKS = 8;

/** A bucket's start as its label says it: the date, and the hour for hourly buckets. */
const labelOf = (time: number, bucket: ChartRange['bucket']) => {
  const iso = new Date(time).toISOString();
  return bucket === 'day' || iso.slice(11, 13) === '00'
    ? iso.slice(5, 10)
    : `${iso.slice(5, 10)} ${iso.slice(11, 13)}h`;
};

/**
 * Refusals over time as stacked bars on a time axis over the whole range, so quiet hours show
 * as gaps: one `<g class="bucket">` per bucket with refusals, one `<rect>` per code in it (its
 * `data-count` the count, its `<title>` what it says), UTC date ticks below, a legend of codes.
 */
export function rejectionChart(
  caption: string,
  counts: readonly CodeCount[],
  range: ChartRange,
): SVGElement {
  const step = range.bucket === 'day' ? DAY_MS : HOUR_MS;
  const first = Math.floor(range.from.getTime() / step) * step;
  const slots = Math.max(1, Math.ceil((range.to.getTime() - first) / step));
  const slot = PLOT_WIDTH / slots;
  const xOf = (time: number) => LEFT + ((time - first) / step) * slot;
  const buckets = [...new Set(counts.map((c) => c.start))].sort();
  const codes = [...new Set(counts.map((c) => c.code))].sort();
  const colour = (code: string) => PALETTE[codes.indexOf(code) % PALETTE.length];
  const totals = buckets.map((b) =>
    counts.filter((c) => c.start === b).reduce((n, c) => n + c.count, 0),
  );
  const most = Math.max(1, ...totals);
  const width = LEFT + PLOT_WIDTH + 24 + 220;
  const titleId = `chart-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${HEIGHT + 40}`,
    width,
    height: HEIGHT + 40,
    role: 'img',
    'aria-labelledby': titleId,
  });
  chart.append(svg('title', { id: titleId }, caption));
  chart.append(svg('text', { x: 4, y: TOP + 4, class: 'axis' }, String(most)));
  chart.append(svg('text', { x: 4, y: HEIGHT, class: 'axis' }, '0'));
  chart.append(
    svg('line', { x1: LEFT, x2: LEFT + PLOT_WIDTH, y1: HEIGHT, y2: HEIGHT, class: 'baseline' }),
  );

  const tick = TICK_STEPS.find((s) => s >= step && (slots * step) / s <= MAX_TICKS) ?? 30 * DAY_MS;
  for (let time = Math.ceil(first / tick) * tick; time < first + slots * step; time += tick) {
    const x = xOf(time);
    chart.append(svg('line', { x1: x, x2: x, y1: HEIGHT, y2: HEIGHT + 5, class: 'tick' }));
    chart.append(
      svg('text', { x, y: HEIGHT + 20, 'text-anchor': 'middle' }, labelOf(time, range.bucket)),
    );
  }

  const barWidth = Math.max(1, slot * 0.8);
  buckets.forEach((start, i) => {
    const bucket = svg('g', { class: 'bucket', 'data-start': start });
    const x = xOf(new Date(start).getTime()) + (slot - barWidth) / 2;
    let top = HEIGHT;
    for (const { code, count } of counts.filter((c) => c.start === start)) {
      const height = (count / most) * (HEIGHT - TOP);
      top -= height;
      const bar = svg('rect', {
        x,
        y: top,
        width: barWidth,
        height: Math.max(height, 1),
        fill: colour(code),
        'data-code': code,
        'data-count': count,
      });
      bar.append(svg('title', {}, `${start}: ${count} × ${code}`));
      bucket.append(bar);
    }
    bucket.append(svg('title', {}, `${start}: ${totals[i]} refused`));
    chart.append(bucket);
  });
  codes.forEach((code, i) => {
    const y = 20 + i * 18;
    const x = LEFT + PLOT_WIDTH + 24;
    chart.append(svg('rect', { x, y: y - 10, width: 12, height: 12, fill: colour(code) }));
    chart.append(svg('text', { x: x + 18, y }, code));
  });
  return chart;
}
