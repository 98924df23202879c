import { h, table } from './dom';
import { deadLettersTable } from './dead-letters';
import { problemOf, type Staff } from './session';

const REFRESH_MS = 3000;

/**
 * Projections with status, checkpoint, head and lag, read again every few seconds while the
 * page is open, and a rebuild that asks first. Returns a stop function for when the page goes.
 */
export function operationsPage(staff: Staff, page: HTMLElement, showProblem: (e: unknown) => void) {
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const holder = h('div');
  const confirmation = h('div');
  const letters = h('section', { 'aria-label': 'Dead letters' });
  page.replaceChildren(h('h2', {}, 'Operations'), status, holder, confirmation, letters);
  const refreshLetters = async () => {
    const shown = await deadLettersTable(staff, showProblem, () => void refreshLetters());
    if (shown) letters.replaceChildren(h('h3', {}, 'Dead letters'), shown);
  };
  void refreshLetters();

  const askToRebuild = (name: string) => {
    const yes = h(
      'button',
      { type: 'button', onclick: () => void rebuild(name) },
      `Yes, rebuild ${name}`,
    );
    confirmation.replaceChildren(
      h(
        'div',
        { role: 'group', 'aria-label': `Rebuild ${name}?` },
        h('p', {}, `Rebuild ${name}? Its new version is built beside the live one and swapped in.`),
        yes,
        ' ',
        h('button', { type: 'button', onclick: () => confirmation.replaceChildren() }, 'Cancel'),
      ),
    );
    yes.focus();
  };

  const rebuild = async (name: string) => {
    confirmation.replaceChildren();
    const { data, error, response } = await staff.api.POST('/admin/projections/{name}/rebuild', {
      params: { path: { name } },
    });
    if (!data) return showProblem(problemOf(error, response));
    status.textContent = `Rebuild of ${name} started (command ${data.commandId}).`;
    await refresh();
  };

  const refresh = async () => {
    const { data, error, response } = await staff.api.GET('/admin/projections');
    if (!data) return showProblem(problemOf(error, response));
    holder.replaceChildren(
      table(
        'Projections',
        ['Projection', 'Status', 'Checkpoint', 'Head', 'Lag', 'Dead letters', 'Rebuild'],
        data.map((p) => [p.name, p.status, p.checkpoint, p.head, p.lag, p.deadLetters, '']),
      ),
    );
    // The last cell of each row holds its rebuild button.
    holder.querySelectorAll('tbody tr').forEach((row, i) => {
      const name = data[i].name;
      row.lastElementChild!.replaceChildren(
        h('button', { type: 'button', onclick: () => askToRebuild(name) }, `Rebuild ${name}`),
      );
    });
  };

  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  return () => clearInterval(timer);
}
