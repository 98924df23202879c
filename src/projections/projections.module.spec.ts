import { EventHandlers } from '@contest/domain';
import { ignoringEveryEvent } from '@contest/testing';
import { ProjectionsModule } from './projections.module';
import { Projector } from './runtime/projector';

const projector = (name: string, events: EventHandlers<never>): Projector => ({
  name,
  version: 1,
  onPoisonRow: 'halt',
  tables: [],
  events,
  apply: async () => undefined,
});

describe('the projections boot check', () => {
  it('given a projector whose table leaves VoteCast undecided, when the app boots, then it refuses to start', async () => {
    const { VoteCast: _left, ...rest } = ignoringEveryEvent();
    const incomplete = projector('standings', rest as unknown as EventHandlers<never>);
    // The check runs before the database is touched, so no DataSource is needed to prove it.
    const boot = new ProjectionsModule(null as never, [incomplete]).onApplicationBootstrap();
    await expect(boot).rejects.toThrow('projector standings neither handles nor ignores VoteCast');
  });

  it('given a handler that is neither a function nor "ignored", then it is undecided too', async () => {
    const events = {
      ...ignoringEveryEvent(),
      ViewRecorded: 'skip',
    } as unknown as EventHandlers<never>;
    const boot = new ProjectionsModule(null as never, [
      projector('x', events),
    ]).onApplicationBootstrap();
    await expect(boot).rejects.toThrow('neither handles nor ignores ViewRecorded');
  });

  it('given a table that leaves out an event type, then it does not compile (npm run typecheck)', () => {
    const { VoteCast: _left, ...rest } = ignoringEveryEvent();
    // @ts-expect-error the compiler refuses a table that has not decided about VoteCast
    const incomplete: EventHandlers<never> = rest;
    expect(Object.keys(incomplete)).not.toContain('VoteCast');
  });

  it('given every real projector, then each one decides about every event type', async () => {
    const { PROJECTOR_CLASSES } = await import('./projections.module');
    for (const Class of PROJECTOR_CLASSES) {
      const events = new (Class as new () => Projector)().events;
      expect(Object.keys(events).sort()).toEqual(Object.keys(ignoringEveryEvent()).sort());
    }
  });
});
