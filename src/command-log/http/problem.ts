import { FieldProblem } from './command-refusal';
import { statusTitle } from './rejection-status';

/** RFC 9457 problem details, with the fields API.md adds. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly commandId?: string;
  readonly position?: number;
  readonly errors?: readonly FieldProblem[];
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: { commandId?: string; position?: number; errors?: readonly FieldProblem[] } = {},
): Problem {
  return {
    type: `https://contest.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: statusTitle(status),
    status,
    code,
    detail,
    ...extra,
  };
}
