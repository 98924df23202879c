import type { components } from '@contest/client';
import { button, h, NONE, orDash, table, utc } from './dom';
import { problemOf, type Staff } from './session';

type ReplaySummary = components['schemas']['ReplaySummary'];

const PAGE = 20;

const rulesOf = (replay: ReplaySummary) =>
  replay.ruleset ? `${replay.ruleset.name} (${replay.ruleset.rulesetId})` : 'live rules (parity)';

const winnerOf = (replay: ReplaySummary) =>
  replay.winnerChanged === null ? NONE : replay.winnerChanged ? 'changes' : 'stays';

/**
 * The replays requested before, newest first, a page at a time ("Older replays" reads the
 * next): each row opens its replay again, with its result.
 */
export function replayHistory(
  staff: Staff,
  showProblem: (e: unknown) => void,
  open: (replayId: string) => void,
) {
  const section = h('section', { 'aria-label': 'Past replays' });
  let shown: ReplaySummary[] = [];
  let nextCursor: string | null = null;

  const draw = () => {
    const older = nextCursor ? [button('Older replays', () => void load(nextCursor))] : [];
    const rows = shown.map((replay) => [
      utc(replay.createdAt),
      replay.contestTitle ?? replay.contestId,
      rulesOf(replay),
      utc(replay.asOf),
      replay.status,
      winnerOf(replay),
      orDash(replay.flips),
      button('Open', () => open(replay.replayId), `Open replay ${replay.replayId}`),
    ]);
    const history = table(
      'Past replays',
      ['Requested', 'Contest', 'Rules', 'As of', 'Status', 'Winner', 'Flips', 'Open'],
      rows,
    );
    history
      .querySelectorAll('tbody tr')
      .forEach((row, i) => row.setAttribute('data-replay-id', shown[i].replayId));
    section.replaceChildren(
      h('h3', {}, 'Past replays'),
      shown.length ? history : h('p', { class: 'muted' }, 'No replay has been run yet.'),
      ...older,
    );
  };

  /** Reads the first page (cursor null) or the page after `cursor`, appended to the rows. */
  const load = async (cursor: string | null) => {
    const { data, error, response } = await staff.api.GET('/admin/replays', {
      params: { query: { limit: PAGE, ...(cursor && { cursor }) } },
    });
    if (!data) return showProblem(problemOf(error, response));
    shown = cursor ? [...shown, ...data.items] : data.items;
    nextCursor = data.nextCursor;
    draw();
  };

  return { element: section, reload: () => load(null) };
}
