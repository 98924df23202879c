import type { components } from '@contest/client';
import { h, orDash, table, utc } from './dom';
import { rankChart } from './rank-chart';

type Replay = components['schemas']['ReplayReply'];

/**
 * A finished replay as the page shows it: whether the winner changes, a slope chart of each
 * entry's live and replay rank (titles as labels), the ranks table, and the flips by code.
 */
export function replayResult(replay: Replay): Node[] {
  const outcome = replay.result!;
  const titles = new Map(
    [...outcome.baseline.standings, ...outcome.standings].map((l) => [l.entryId, l.title]),
  );
  const titleOf = (entryId: string) => titles.get(entryId) ?? entryId;
  const { acceptedToRejected, rejectedToAccepted, byCode } = outcome.outcomeChanges;
  const rules = replay.ruleset ? replay.ruleset.name : 'the live rules';
  return [
    h(
      'h3',
      {},
      `${replay.contestTitle ?? replay.contestId} under ${rules}: `,
      outcome.winnerChanged ? 'the winner changes' : 'the winner stays',
    ),
    h(
      'p',
      { class: 'muted' },
      `Replay ${replay.replayId}, requested ${utc(replay.createdAt)}, ranked as of ` +
        `${utc(outcome.asOf)}; ${replay.stats?.commands ?? 0} commands re-decided.`,
    ),
    rankChart(
      'Live rank and replay rank of each entry',
      outcome.diff.map((d) => ({
        entryId: d.entryId,
        title: titleOf(d.entryId),
        liveRank: d.baselineRank,
        replayRank: d.replayRank,
      })),
    ),
    table(
      'Ranks, live and replayed',
      ['Entry', 'Live rank', 'Replay rank', 'Δ', 'Live score', 'Replay score'],
      outcome.diff.map((d) => [
        titleOf(d.entryId),
        orDash(d.baselineRank),
        orDash(d.replayRank),
        orDash(d.rankDelta),
        orDash(d.baselineScore),
        orDash(d.replayScore),
      ]),
    ),
    table(
      'Outcome flips',
      ['Flip', 'Commands'],
      [
        ['accepted → refused', acceptedToRejected],
        ['refused → accepted', rejectedToAccepted],
        ...Object.entries(byCode).map(([code, count]): [string, number] => [code, count]),
      ],
    ),
  ];
}
