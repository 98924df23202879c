import { statusTitle } from './rejection-status';

/** One field's problem: its JSON path and what to fix. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

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
