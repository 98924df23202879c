import type { components } from '@contest/client';
import { h, table } from './dom';
import { rejectionChart } from './rejection-chart';
import { problemOf, type Staff } from './session';

type LoggedCommand = components['schemas']['AuditCommandPage']['items'][number];

const DAY_MS = 24 * 3600 * 1000;
/** Commands per page of the log browser. */
const PAGE_SIZE = 50;
/** A datetime-local value (UTC) as the API's ISO time. */
const isoOf = (local: string) => (local ? new Date(`${local}Z`).toISOString() : undefined);
const localOf = (time: Date) => time.toISOString().slice(0, 16);

/**
 * The analysts' page: refusals over time by code (a stacked bar chart, by hour or by day, for
 * one command type or all), the command log with filters and cursor pages (each row opens its
 * payload and metadata), exports, and the failed logins.
 */
export function auditPage(staff: Staff, page: HTMLElement, showProblem: (e: unknown) => void) {
  const from = h('input', {
    type: 'datetime-local',
    name: 'from',
    value: localOf(new Date(Date.now() - 7 * DAY_MS)),
  });
  const to = h('input', {
    type: 'datetime-local',
    name: 'to',
    value: localOf(new Date(Date.now() + 3600 * 1000)),
  });
  const range = () => ({ from: isoOf(from.value), to: isoOf(to.value) });
  page.replaceChildren(
    h('h2', {}, 'Audit'),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Time range (UTC)'),
      h('label', {}, 'From', from),
      h('label', {}, 'To', to),
    ),
    rejectionsSection(staff, range, showProblem),
    commandLogSection(staff, range, showProblem),
    failedLoginsSection(staff, range, showProblem),
  );
}

function rejectionsSection(
  staff: Staff,
  range: () => { from?: string; to?: string },
  showProblem: (e: unknown) => void,
) {
  const bucket = h(
    'select',
    { name: 'bucket' },
    h('option', { value: 'hour' }, 'hour'),
    h('option', { value: 'day' }, 'day'),
  );
  const type = h('select', { name: 'type' }, h('option', { value: '' }, 'All command types'));
  const holder = h('div');
  const total = h('p', { class: 'total' });
  const draw = async () => {
    const { data, error, response } = await staff.api.GET('/audit/rejections/summary', {
      params: {
        query: { ...range(), bucket: bucket.value as 'hour' | 'day', groupBy: 'type,code' },
      },
    });
    if (!data) return showProblem(problemOf(error, response));
    const types = [
      ...new Set(data.buckets.map((b) => b.type).filter((t): t is string => !!t)),
    ].sort();
    const chosen = type.value;
    type.replaceChildren(
      h('option', { value: '' }, 'All command types'),
      ...types.map((t) => h('option', { value: t, selected: t === chosen ? '' : undefined }, t)),
    );
    const byStartAndCode = new Map<string, { start: string; code: string; count: number }>();
    for (const b of data.buckets) {
      if (chosen && b.type !== chosen) continue;
      const key = `${b.start}|${b.code}`;
      const seen = byStartAndCode.get(key) ?? {
        start: b.start,
        code: b.code ?? '(none)',
        count: 0,
      };
      byStartAndCode.set(key, { ...seen, count: seen.count + b.count });
    }
    const counts = [...byStartAndCode.values()];
    total.textContent = `${counts.reduce((n, c) => n + c.count, 0)} refused commands in the range`;
    const { from, to } = range();
    holder.replaceChildren(
      rejectionChart(`Refused commands per ${bucket.value}, by code`, counts, {
        from: new Date(from ?? Date.now() - 7 * DAY_MS),
        to: new Date(to ?? Date.now()),
        bucket: bucket.value as 'hour' | 'day',
      }),
    );
  };
  const show = h('button', { type: 'button', onclick: () => void draw() }, 'Show refusals');
  void draw();
  return h(
    'section',
    { 'aria-label': 'Refusals over time' },
    h('h3', {}, 'Refusals over time'),
    h('label', {}, 'Bucket', bucket),
    h('label', {}, 'Command type', type),
    show,
    total,
    holder,
  );
}

function commandLogSection(
  staff: Staff,
  range: () => { from?: string; to?: string },
  showProblem: (e: unknown) => void,
) {
  const status = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, 'any'),
    h('option', { value: 'accepted' }, 'accepted'),
    h('option', { value: 'rejected' }, 'rejected'),
  );
  const type = h('input', { name: 'type', placeholder: 'CastVote' });
  const code = h('input', { name: 'code', placeholder: 'VOTING_CLOSED' });
  const actor = h('input', { name: 'actorId', placeholder: 'a user id, or system' });
  const rows = h('tbody');
  const more = h('button', { type: 'button', hidden: '' }, 'Next page');
  let cursor: string | null = null;
  /** The filters of the last search: the next pages follow them, whatever was typed since. */
  let searched: ReturnType<typeof filters> | null = null;

  const filters = () => ({
    ...range(),
    ...(status.value && { status: status.value as 'accepted' | 'rejected' }),
    ...(type.value && { type: type.value }),
    ...(code.value && { code: code.value }),
    ...(actor.value && { actorId: actor.value }),
  });
  const rowOf = (command: LoggedCommand) => {
    const details = h(
      'tr',
      { hidden: '' },
      h(
        'td',
        { colspan: '7' },
        h(
          'pre',
          {},
          JSON.stringify({ payload: command.payload, metadata: command.metadata }, null, 2),
        ),
      ),
    );
    const open = h(
      'button',
      { type: 'button', 'aria-expanded': 'false' },
      `Details of ${command.position}`,
    );
    open.addEventListener('click', () => {
      details.hidden = !details.hidden;
      open.setAttribute('aria-expanded', String(!details.hidden));
    });
    return [
      h(
        'tr',
        {},
        ...[
          command.position,
          command.type,
          command.status,
          command.code ?? '',
          command.actorId ?? '',
          command.receivedAt,
        ].map((v) => h('td', {}, String(v))),
        h('td', {}, open),
      ),
      details,
    ];
  };
  const load = async (next: boolean) => {
    if (!next || !searched) searched = filters();
    const { data, error, response } = await staff.api.GET('/audit/commands', {
      params: { query: { ...searched, limit: PAGE_SIZE, ...(next && cursor && { cursor }) } },
    });
    if (!data) return showProblem(problemOf(error, response));
    // Without `format` the page is JSON (the operation also answers CSV and NDJSON exports).
    const found = data as { items: LoggedCommand[]; nextCursor: string | null };
    if (!next) rows.replaceChildren();
    rows.append(...found.items.flatMap(rowOf));
    cursor = found.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => void load(true));
  const exportAs = (format: 'csv' | 'ndjson') => async () => {
    const { data, error, response } = await staff.api.GET('/audit/commands', {
      params: { query: { ...filters(), format } },
      parseAs: 'blob',
    });
    if (!data) return showProblem(problemOf(error, response));
    const link = h('a', { href: URL.createObjectURL(data), download: `commands.${format}` });
    link.click();
    URL.revokeObjectURL(link.href);
  };
  void load(false);
  return h(
    'section',
    { 'aria-label': 'Command log' },
    h('h3', {}, 'Command log'),
    h('label', {}, 'Status', status),
    h('label', {}, 'Type', type),
    h('label', {}, 'Code', code),
    h('label', {}, 'Actor', actor),
    h('button', { type: 'button', onclick: () => void load(false) }, 'Search'),
    ' ',
    h('button', { type: 'button', onclick: () => void exportAs('csv')() }, 'Export CSV'),
    ' ',
    h('button', { type: 'button', onclick: () => void exportAs('ndjson')() }, 'Export NDJSON'),
    h(
      'table',
      {},
      h('caption', {}, 'Commands, in the log’s reading order'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Position', 'Type', 'Status', 'Code', 'Actor', 'Received', 'Details'].map((name) =>
            h('th', { scope: 'col' }, name),
          ),
        ),
      ),
      rows,
    ),
    more,
  );
}

function failedLoginsSection(
  staff: Staff,
  range: () => { from?: string; to?: string },
  showProblem: (e: unknown) => void,
) {
  const holder = h('div', {}, h('p', { class: 'muted' }, 'Loading failed logins…'));
  void (async () => {
    const { data, error, response } = await staff.api.GET('/audit/failed-logins', {
      params: { query: range() },
    });
    if (!data) return showProblem(problemOf(error, response));
    holder.replaceChildren(
      table(
        'Failed logins',
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
  })();
  return h('section', { 'aria-label': 'Failed logins' }, h('h3', {}, 'Failed logins'), holder);
}
