import type { ReplayRun } from '../replays/running/replay-runner';
import { replayReport } from './replay-report';

const A = '01a00000-0000-7000-8000-00000000000a';
const B = '01b00000-0000-7000-8000-00000000000b';
const C = '01c00000-0000-7000-8000-00000000000c';
const line = (rank: number, entryId: string, title: string, score: number) => ({
  rank,
  entryId,
  title,
  score,
  upvotes: score,
  downvotes: 0,
});

/** A replay where A and B swap places and C is ranked live only. */
function run(titles: Record<string, string>): ReplayRun {
  return {
    result: {
      asOf: '2026-12-01T10:00:00.000Z',
      position: 42,
      ruleset: { rulesetId: 'inline:0123456789ab', name: 'inline', hash: 'f'.repeat(64) },
      baseline: {
        ruleset: { rulesetId: 'standard-v1', name: 'standard-v1', hash: 'e'.repeat(64) },
        standings: [line(1, B, titles[B], 4), line(2, A, titles[A], 3), line(3, C, titles[C], 1)],
      },
      standings: [line(1, A, titles[A], 5), line(2, B, titles[B], 4)],
      diff: [
        {
          entryId: A,
          baselineRank: 2,
          replayRank: 1,
          rankDelta: 1,
          baselineScore: 3,
          replayScore: 5,
        },
        {
          entryId: B,
          baselineRank: 1,
          replayRank: 2,
          rankDelta: -1,
          baselineScore: 4,
          replayScore: 4,
        },
        {
          entryId: C,
          baselineRank: 3,
          replayRank: null,
          rankDelta: null,
          baselineScore: 1,
          replayScore: null,
        },
      ],
      winnerChanged: true,
      outcomeChanges: {
        acceptedToRejected: 0,
        rejectedToAccepted: 2,
        byCode: { SELF_VOTE_FORBIDDEN: 2 },
      },
    },
    stats: { commands: 120, durationMs: 15, commandsPerSecond: 8000 },
  };
}

describe('replayReport: a replay as a terminal shows it', () => {
  it('names the contest and both rulesets, then one row per entry by its title, numbers right-aligned', () => {
    // Given a replay where the self-made duet overtakes the rival
    const report = replayReport(
      run({ [A]: 'Self-made duet', [B]: 'Rival duet', [C]: 'Late duet' }),
      'Kazoo duets',
      '01990000-0000-7000-8000-000000000001',
    );
    // Then each line says it plainly
    expect(report.split('\n')).toEqual([
      'Kazoo duets (01990000-0000-7000-8000-000000000001)',
      'replayed under inline (inline:0123456789ab), against the live rules standard-v1 (standard-v1), as of 2026-12-01T10:00:00.000Z',
      '',
      'entry           live rank  replay rank   Δ  live score  replay score',
      '--------------  ---------  -----------  --  ----------  ------------',
      'Self-made duet          2            1   1           3             5',
      'Rival duet              1            2  -1           4             4',
      'Late duet               3            -   -           1             -',
      '',
      'winner changed: yes; accepted→rejected 0, rejected→accepted 2 (SELF_VOTE_FORBIDDEN 2)',
      '120 commands in 15 ms (8000/s)',
      '',
    ]);
  });

  it('tells apart entries that share a title by the start of their ids, and cuts long titles', () => {
    const long = 'An air guitar solo that goes on and on and on';
    const report = replayReport(run({ [A]: 'Duet', [B]: 'Duet', [C]: long }), null, 'c');
    expect(report).toContain('\nDuet (01a00000)  ');
    expect(report).toContain('\nDuet (01b00000)  ');
    expect(report).toContain(`\n${long.slice(0, 31)}…  `);
    expect(report.startsWith('(untitled) (c)\n')).toBe(true);
  });
});
