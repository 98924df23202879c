import { h } from './dom';
import { problemOf, type Staff } from './session';

/**
 * The rows projectors parked, with Retry and Skip for those still parked (each a logged
 * command). `onChange` redraws after either.
 */
export async function deadLettersTable(
  staff: Staff,
  showProblem: (e: unknown) => void,
  onChange: () => void,
): Promise<HTMLElement | void> {
  const { data, error, response } = await staff.api.GET('/admin/dead-letters');
  if (!data) return showProblem(problemOf(error, response));
  const act = (id: number, action: 'retry' | 'skip') => async () => {
    const path =
      action === 'retry' ? '/admin/dead-letters/{id}/retry' : '/admin/dead-letters/{id}/skip';
    const done = await staff.api.POST(path, { params: { path: { id } } });
    if (!done.data) showProblem(problemOf(done.error, done.response));
    onChange();
  };
  const headers = [
    'Id',
    'Projection',
    'Position',
    'Error',
    'Attempts',
    'Status',
    'Parked',
    'Action',
  ];
  return h(
    'table',
    {},
    h('caption', {}, 'Dead letters'),
    h('thead', {}, h('tr', {}, ...headers.map((name) => h('th', { scope: 'col' }, name)))),
    h(
      'tbody',
      {},
      ...data.items.map((letter) =>
        h(
          'tr',
          {},
          ...[
            letter.id,
            letter.projection,
            letter.position,
            letter.error,
            letter.attempts,
            letter.status,
            letter.parkedAt,
          ].map((value) => h('td', {}, String(value))),
          h(
            'td',
            {},
            letter.status === 'parked'
              ? h(
                  'span',
                  {},
                  h(
                    'button',
                    { type: 'button', onclick: () => void act(letter.id, 'retry')() },
                    `Retry ${letter.id}`,
                  ),
                  ' ',
                  h(
                    'button',
                    { type: 'button', onclick: () => void act(letter.id, 'skip')() },
                    `Skip ${letter.id}`,
                  ),
                )
              : '',
          ),
        ),
      ),
    ),
  );
}
