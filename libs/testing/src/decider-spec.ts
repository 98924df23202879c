import { Decision, RejectionCode } from '@contest/domain';

export interface Decider<C, E, S> {
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
  initialState(): S;
}

/**
 * given(events).when(command).then(events) | .thenRejects(code): the state a command meets is
 * built only from past events through the decider's own `evolve`, as emmett's
 * DeciderSpecification does.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: C) {
          const decision = decider.decide(command, state);
          return {
            decision,
            then(expected: readonly E[]): void {
              if (decision.status === 'rejected') {
                throw new Error(
                  `expected acceptance, got ${decision.rejection.code}: ${decision.rejection.detail}`,
                );
              }
              expect(decision.events).toEqual(expected);
            },
            thenRejects(code: RejectionCode, expectedEvents?: readonly E[]): void {
              if (decision.status === 'accepted') {
                throw new Error(
                  `expected ${code}, got acceptance with ${JSON.stringify(decision.events)}`,
                );
              }
              expect(decision.rejection.code).toBe(code);
              expect(decision.rejection.detail.length).toBeGreaterThan(0);
              if (expectedEvents !== undefined) expect(decision.events).toEqual(expectedEvents);
            },
          };
        },
      };
    },
  };
}
