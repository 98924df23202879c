import { DOMAIN_EVENT_TYPES, EventHandlers } from '@contest/domain';

/**
 * The event table of a test projector that looks at rows, not events. Built at run time on
 * purpose: a fake need not be touched when the domain gains an event (real projectors spell
 * theirs out, so the compiler makes each of them decide).
 */
export function ignoringEveryEvent(): EventHandlers<never> {
  return Object.fromEntries(
    DOMAIN_EVENT_TYPES.map((type) => [type, 'ignored']),
  ) as unknown as EventHandlers<never>;
}
