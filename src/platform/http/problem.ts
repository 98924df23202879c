/** One field's problem: its JSON path and what to fix. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** RFC 9457 problem details, with the fields docs/API.md adds. */
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

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? 'Error';
}
