import type { components } from '@contest/client';
import { h } from './dom';
import { replayHistory } from './replay-history';
import { replayResult } from './replay-result';
import { ApiProblem, problemOf, type Staff } from './session';

type Replay = components['schemas']['ReplayReply'];
type Contest = { contestId: string; title: string };

const POLL_MS = 300;

/** How many contests the picker offers: the newest, or the newest whose title matches. */
const PICKER_SIZE = 50;
/** Typing pauses this long before the titles are searched (one request, not one per key). */
const SEARCH_PAUSE_MS = 250;

/** Contests whose title contains `text` (all when empty), newest first, from the list view. */
async function contestsTitled(staff: Staff, text: string): Promise<Contest[]> {
  const { data, error, response } = await staff.api.GET('/contests', {
    params: { query: { limit: PICKER_SIZE, ...(text && { title: text.slice(0, 100) }) } },
  });
  if (!data) throw problemOf(error, response);
  return data.items.map(({ contestId, title }) => ({ contestId, title }));
}

/**
 * What-if replays: a contest found by title, a stored ruleset or a JSON definition (checked by
 * the API, its problems shown by their JSON path), an optional as-of time; then the progress
 * until the replay is done, and its result: a slope chart of ranks, the table, the flips.
 */
export function replaysPage(staff: Staff, page: HTMLElement, showProblem: (e: unknown) => void) {
  let stopped = false;
  const find = h('input', { type: 'search', name: 'find' });
  const contest = h('select', { name: 'contest' });
  const stored = h('select', { name: 'ruleset' });
  const definition = h('textarea', { name: 'definition', spellcheck: 'false' });
  const asOf = h('input', { type: 'datetime-local', name: 'asOf', step: '1' });
  const problems = h('ul', { class: 'problems', 'aria-live': 'polite' });
  const progress = h('progress', { max: '1', value: '0', 'aria-label': 'Replay progress' });
  const progressText = h('span', { class: 'muted' });
  // Focusable, so that a replay opened from the list moves the reader to its result.
  const result = h('section', { 'aria-label': 'Replay result', tabindex: '-1' });
  const useDefinition = h('input', { type: 'radio', name: 'rules', value: 'definition' });
  const useStored = h('input', { type: 'radio', name: 'rules', value: 'stored', checked: '' });
  const pastReplays = replayHistory(staff, showProblem, (replayId) => void open(replayId));

  // The contest picker: the server searches the titles, so any contest of many thousands can
  // be found; a search answered after a newer one started is dropped.
  let searches = 0;
  const listContests = async () => {
    const search = (searches += 1);
    const found = await contestsTitled(staff, find.value.trim());
    if (search !== searches) return;
    contest.replaceChildren(...found.map((c) => h('option', { value: c.contestId }, c.title)));
  };
  let pause: ReturnType<typeof setTimeout> | undefined;
  find.addEventListener('input', () => {
    clearTimeout(pause);
    pause = setTimeout(() => void listContests().catch(showProblem), SEARCH_PAUSE_MS);
  });

  const form = h(
    'form',
    { 'aria-label': 'Run a replay' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Contest'),
      h('label', {}, 'Find a contest by title', find),
      h('label', {}, 'Contest', contest),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Rules'),
      h('label', { class: 'choice' }, useStored, ' A stored ruleset'),
      h('label', {}, 'Ruleset', stored),
      h('label', { class: 'choice' }, useDefinition, ' A JSON definition'),
      h('label', {}, 'Definition (JSON)', definition),
      problems,
    ),
    h('label', {}, 'As of (optional, UTC)', asOf),
    h('button', { type: 'submit' }, 'Run replay'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  page.replaceChildren(
    h('h2', {}, 'Replays'),
    form,
    h('section', { 'aria-label': 'Progress' }, progress, ' ', progressText),
    result,
    pastReplays.element,
  );

  const run = async () => {
    page.querySelectorAll('[role=alert]').forEach((alert) => alert.remove());
    problems.replaceChildren();
    result.replaceChildren();
    let rules: { rulesetId: string } | { definition: Record<string, unknown> };
    if (useDefinition.checked) {
      try {
        rules = { definition: JSON.parse(definition.value) as Record<string, unknown> };
      } catch (error) {
        problems.append(h('li', {}, `definition: not JSON (${String(error)})`));
        return;
      }
    } else rules = { rulesetId: stored.value };
    const { data, error, response } = await staff.api.POST('/admin/replays', {
      body: {
        contestId: contest.value,
        ...rules,
        ...(asOf.value && { asOf: `${asOf.value}Z` }),
      } as never,
    });
    if (!data) {
      const problem = error as { errors?: { path: string; message: string }[] } | undefined;
      for (const { path, message } of problem?.errors ?? [])
        problems.append(h('li', {}, h('code', {}, path), `: ${message}`));
      return showProblem(problemOf(error, response));
    }
    await open(data.replayId);
    await pastReplays.reload();
  };

  /**
   * A replay just asked for, or a past one opened again: its progress while it runs, then its
   * result. The address names it (#/replays/<replayId>), so the page can be reloaded,
   * bookmarked or sent on.
   */
  const open = async (replayId: string) => {
    page.querySelectorAll('[role=alert]').forEach((alert) => alert.remove());
    result.replaceChildren();
    window.history.replaceState(null, '', `#/replays/${replayId}`);
    await follow(replayId);
    result.focus();
  };

  /** Which replay the page follows: opening another one while one runs stops the first. */
  let following = 0;
  const follow = async (replayId: string) => {
    const mine = (following += 1);
    for (;;) {
      if (stopped || mine !== following) return;
      const { data, error, response } = await staff.api.GET('/admin/replays/{replayId}', {
        params: { path: { replayId } },
      });
      if (mine !== following) return;
      if (!data) return showProblem(problemOf(error, response));
      progress.max = Math.max(1, data.progress.total);
      progress.value = data.progress.processed;
      progressText.textContent = `${data.status}: ${data.progress.processed} of ${data.progress.total} commands`;
      if (data.status === 'done') return showResult(data);
      if (data.status === 'failed')
        return showProblem(new ApiProblem('REPLAY_FAILED', data.error ?? 'the replay failed'));
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const showResult = (replay: Replay) => {
    result.setAttribute('data-replay-id', replay.replayId);
    result.replaceChildren(...replayResult(replay));
  };

  void (async () => {
    try {
      await listContests();
      const { data, error, response } = await staff.api.GET('/admin/rulesets');
      if (!data) throw problemOf(error, response);
      stored.replaceChildren(
        ...data.items.map((r) => h('option', { value: r.rulesetId }, `${r.name} (${r.rulesetId})`)),
      );
      await pastReplays.reload();
      const named = /^#\/replays\/([0-9a-f-]{36})$/i.exec(location.hash)?.[1];
      if (named) await open(named);
    } catch (error) {
      showProblem(error);
    }
  })();
  return () => {
    stopped = true;
    clearTimeout(pause);
  };
}
