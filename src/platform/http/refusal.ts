import { RejectionCode } from '@contest/domain';
import { FieldProblem } from './problem';

/** A command refused at the edge (validation, authentication, roles): not yet in the log. */
export class CommandRefusal extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly detail: string,
    readonly errors?: readonly FieldProblem[],
  ) {
    super(`${code}: ${detail}`);
  }
}
