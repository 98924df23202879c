import { button, focusButton, h, orDash, redraw, table } from './dom';
import { deadLettersTable } from './dead-letters';
import { problemOf, type Staff } from './session';

const REFRESH_MS = 3000;

/**
 * Projections with status, checkpoint, head and lag, the job queues' figures and the dead
 * letters (with Retry and Skip), read again every few seconds while the page is open; a
 * rebuild that asks first (Escape says no). Returns a stop function for when the page goes.
 */
export function operationsPage(staff: Staff, page: HTMLElement, showProblem: (e: unknown) => void) {
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const projections = h('div');
  const confirmation = h('div');
  const queues = h('section', { 'aria-label': 'Job queues' });
  const letters = h('section', { 'aria-label': 'Dead letters' });
  page.replaceChildren(
    h('h2', {}, 'Operations'),
    status,
    projections,
    confirmation,
    queues,
    letters,
  );
  const refreshLetters = async () => {
    const shown = await deadLettersTable(staff, showProblem, () => void refreshLetters());
    if (shown) redraw(letters, h('h3', {}, 'Dead letters'), shown);
  };

  /** No rebuild after all: the focus goes back to that projection's Rebuild button. */
  const cancel = (name: string) => {
    confirmation.replaceChildren();
    // The table is redrawn every few seconds: the button to go back to is today's.
    focusButton(projections, `Rebuild ${name}`);
  };
  const askToRebuild = (name: string) => {
    const yes = button(`Yes, rebuild ${name}`, () => void rebuild(name));
    const dialog = h(
      'div',
      { role: 'group', 'aria-label': `Rebuild ${name}?` },
      h('p', {}, `Rebuild ${name}? Its new version is built beside the live one and swapped in.`),
      yes,
      ' ',
      button('Cancel', () => cancel(name)),
    );
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') cancel(name);
    });
    confirmation.replaceChildren(dialog);
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

  const showProjections = async () => {
    const { data, error, response } = await staff.api.GET('/admin/projections');
    if (!data) return showProblem(problemOf(error, response));
    redraw(
      projections,
      table(
        'Projections',
        ['Projection', 'Status', 'Checkpoint', 'Head', 'Lag', 'Dead letters', 'Rebuild'],
        data.map((p) => [
          p.name,
          p.status,
          p.checkpoint,
          p.head,
          p.lag,
          p.deadLetters,
          button(`Rebuild ${p.name}`, () => askToRebuild(p.name)),
        ]),
      ),
    );
  };

  const showQueues = async () => {
    const { data, error, response } = await staff.api.GET('/admin/queue-depths');
    if (!data) return showProblem(problemOf(error, response));
    queues.replaceChildren(
      h('h3', {}, 'Job queues'),
      table(
        `Job queues (BullMQ on ${data.backend === 'redis' ? 'Redis' : 'PostgreSQL'})`,
        ['Queue', 'Reachable', 'Waiting', 'Active', 'Delayed', 'Failed'],
        data.queues.map((q) => [
          q.queue,
          q.reachable ? 'yes' : 'no',
          orDash(q.waiting),
          orDash(q.active),
          orDash(q.delayed),
          orDash(q.failed),
        ]),
      ),
      h(
        'p',
        { class: 'muted' },
        'Every job is on the queue board at ',
        h('code', {}, data.board),
        ', for API clients that send an admin bearer token.',
      ),
    );
  };

  const refresh = () => Promise.all([showProjections(), showQueues(), refreshLetters()]);
  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  return () => clearInterval(timer);
}
