import { button, h, table } from './dom';
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
  return table(
    'Dead letters',
    ['Id', 'Projection', 'Position', 'Error', 'Attempts', 'Status', 'Parked', 'Action'],
    data.items.map((letter) => [
      letter.id,
      letter.projection,
      letter.position,
      letter.error,
      letter.attempts,
      letter.status,
      letter.parkedAt,
      letter.status === 'parked'
        ? h(
            'span',
            {},
            button(`Retry ${letter.id}`, () => void act(letter.id, 'retry')()),
            ' ',
            button(`Skip ${letter.id}`, () => void act(letter.id, 'skip')()),
          )
        : '',
    ]),
  );
}
