import { ArgumentMetadata } from '@nestjs/common';
import { PageQuery } from '../../projections/runtime/page.query.dto';
import { CommandBodyPipe } from './command-body.pipe';

describe('CommandBodyPipe on queries', () => {
  const asQuery: ArgumentMetadata = { type: 'query', metatype: PageQuery, data: undefined };

  it('given a query that passed once, when it comes again, then it gets an equal copy of its own', async () => {
    const pipe = new CommandBodyPipe();
    const first = (await pipe.transform({ limit: '5' }, asQuery)) as PageQuery;
    first.limit = 99; // a handler changing its query must not change the next request's
    const second = (await pipe.transform({ limit: '5' }, asQuery)) as PageQuery;
    expect(second).toBeInstanceOf(PageQuery);
    expect(second.limit).toBe(5);
    expect(second).not.toBe(first);
  });

  it('given a refused query, when it comes again, then it is refused again', async () => {
    const pipe = new CommandBodyPipe();
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({ limit: '0' }, asQuery)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('given one value of a query (@Query("name")), then it passes through as it is', async () => {
    const pipe = new CommandBodyPipe();
    const one: ArgumentMetadata = { type: 'query', metatype: String, data: 'delayMs' };
    expect(await pipe.transform(undefined, one)).toBeUndefined();
    expect(await pipe.transform('20', one)).toBe('20');
  });
});
