import { h, table } from './dom';
import { problemOf, type Staff } from './session';

/** The failed logins of the last 30 days, most failures first. */
export async function auditPage(
  staff: Staff,
  page: HTMLElement,
  showProblem: (e: unknown) => void,
) {
  page.replaceChildren(h('h2', {}, 'Audit'), h('p', { class: 'muted' }, 'Loading failed logins…'));
  const from = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
  const { data, error, response } = await staff.api.GET('/audit/failed-logins', {
    params: { query: { from } },
  });
  if (!data) return showProblem(problemOf(error, response));
  page.replaceChildren(
    h('h2', {}, 'Audit'),
    table(
      'Failed logins, last 30 days',
      ['Username', 'Failures', 'First', 'Last', 'Sources', 'Locked out', 'Succeeded after'],
      data.items.map((row) => [
        row.username ?? '(none)',
        row.failures,
        row.firstAt,
        row.lastAt,
        row.distinctSources,
        row.lockedOut ? 'yes' : 'no',
        row.succeededAfter ? 'yes' : 'no',
      ]),
    ),
  );
}
