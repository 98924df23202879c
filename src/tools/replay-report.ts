import type { ReplayRun } from '../replays/running/replay-runner';

/** Entry titles are cut here, so a row fits an 80-column terminal. */
const TITLE_WIDTH = 32;

const dash = (value: number | null) => (value === null ? '-' : String(value));

function cut(title: string): string {
  return title.length > TITLE_WIDTH ? `${title.slice(0, TITLE_WIDTH - 1)}…` : title;
}

/** Columns padded to their widest cell: text to the left, numbers to the right. */
function aligned(header: string[], rows: string[][], rightAligned: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)];
}

/**
 * A replay as people read it in a terminal: what was replayed, each entry by its title with its
 * live and replay rank and score, then the flips and the run's figures. Titles two entries
 * share get the start of the entry id, so every row says which entry it is.
 */
export function replayReport(
  { result, stats }: ReplayRun,
  contestTitle: string | null,
  contestId: string,
): string {
  const lines = [...result.baseline.standings, ...result.standings];
  const titleOf = new Map(lines.map((l) => [l.entryId, l.title]));
  const titles = result.diff.map((d) => titleOf.get(d.entryId) ?? d.entryId);
  const shared = (title: string) => titles.filter((t) => t === title).length > 1;
  const label = (title: string, entryId: string) =>
    shared(title) ? `${cut(title)} (${entryId.slice(0, 8)})` : cut(title);
  const rules = (ruleset: { name: string; rulesetId: string } | null) =>
    ruleset ? `${ruleset.name} (${ruleset.rulesetId})` : '-';
  const { acceptedToRejected, rejectedToAccepted, byCode } = result.outcomeChanges;
  const codes = Object.entries(byCode).map(([code, count]) => `${code} ${count}`);
  return [
    `${contestTitle ?? '(untitled)'} (${contestId})`,
    `replayed under ${rules(result.ruleset)}, against the live rules ${rules(result.baseline.ruleset)}, ` +
      `as of ${result.asOf ?? '-'}`,
    '',
    ...aligned(
      ['entry', 'live rank', 'replay rank', 'Δ', 'live score', 'replay score'],
      result.diff.map((d, i) => [
        label(titles[i], d.entryId),
        dash(d.baselineRank),
        dash(d.replayRank),
        dash(d.rankDelta),
        dash(d.baselineScore),
        dash(d.replayScore),
      ]),
      [false, true, true, true, true, true],
    ),
    '',
    `winner changed: ${result.winnerChanged ? 'yes' : 'no'}; accepted→rejected ${acceptedToRejected}, ` +
      `rejected→accepted ${rejectedToAccepted}${codes.length ? ` (${codes.join(', ')})` : ''}`,
    `${stats.commands} commands in ${stats.durationMs} ms (${stats.commandsPerSecond}/s)`,
    '',
  ].join('\n');
}
