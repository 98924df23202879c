import { svg } from './dom';

/** A count of refusals of one code in one time bucket. */
export interface CodeCount {
  readonly start: string;
  readonly code: string;
  readonly count: number;
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
const BAR = 26;
const HEIGHT = 220;
const LEFT = 48;

/**
 * Refusals over time as stacked bars: one `<g class="bucket">` per time bucket, one `<rect>`
 * per code in it (its `data-count` the count, its `<title>` what it says), a legend of codes.
 */
export function rejectionChart(caption: string, counts: readonly CodeCount[]): SVGElement {
  const buckets = [...new Set(counts.map((c) => c.start))].sort();
  const codes = [...new Set(counts.map((c) => c.code))].sort();
  const colour = (code: string) => PALETTE[codes.indexOf(code) % PALETTE.length];
  const totals = buckets.map((b) =>
    counts.filter((c) => c.start === b).reduce((n, c) => n + c.count, 0),
  );
  const most = Math.max(1, ...totals);
  const width = LEFT + Math.max(1, buckets.length) * (BAR + 8) + 220;
  const titleId = `chart-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${HEIGHT + 40}`,
    width,
    height: HEIGHT + 40,
    role: 'img',
    'aria-labelledby': titleId,
  });
  chart.append(svg('title', { id: titleId }, caption));
  chart.append(svg('text', { x: 4, y: 14, class: 'axis' }, String(most)));
  chart.append(svg('text', { x: 4, y: HEIGHT, class: 'axis' }, '0'));
  buckets.forEach((start, i) => {
    const bucket = svg('g', { class: 'bucket', 'data-start': start });
    const x = LEFT + i * (BAR + 8);
    let top = HEIGHT;
    for (const { code, count } of counts.filter((c) => c.start === start)) {
      const height = (count / most) * (HEIGHT - 20);
      top -= height;
      const bar = svg('rect', {
        x,
        y: top,
        width: BAR,
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
    const x = LEFT + buckets.length * (BAR + 8) + 16;
    chart.append(svg('rect', { x, y: y - 10, width: 12, height: 12, fill: colour(code) }));
    chart.append(svg('text', { x: x + 18, y }, code));
  });
  return chart;
}
