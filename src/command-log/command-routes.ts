/**
 * Every mutating route and the command type it carries. The edge needs this before any
 * controller runs: a request refused for a malformed body or a missing token is still logged
 * under its command type. At boot, every mutating route must be listed here.
 */
export interface CommandRoute {
  readonly type: string;
  /** The stream the command is ordered in; from the path, the body or the actor. */
  readonly stream: (input: StreamInput) => string;
}

export interface StreamInput {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly actorId: string | null;
}

const field = (body: unknown, name: string): string => {
  const value =
    body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.toLowerCase().slice(0, 64) : '?';
};

export const usernameStream = (username: string) => `username:${username}`;
export const userStream = (userId: string) => `user:${userId}`;

const param = (params: StreamInput['params'], name: string) => params[name] ?? '?';
const contestStream = ({ params }: StreamInput) => `contest:${param(params, 'contestId')}`;
// Edge refusals of entry and comment commands are filed under the id the client named; the
// decided ones under their contest, which only the decision state knows.
const entryStream = ({ params }: StreamInput) => `entry:${param(params, 'entryId')}`;

export const COMMAND_ROUTES: Readonly<Record<string, CommandRoute>> = {
  'POST /auth/register': {
    type: 'RegisterUser',
    stream: ({ body }) => usernameStream(field(body, 'username')),
  },
  'POST /auth/login': {
    type: 'LogIn',
    stream: ({ body }) => usernameStream(field(body, 'username')),
  },
  'POST /auth/logout': {
    type: 'LogOut',
    stream: ({ actorId }) => userStream(actorId ?? 'anonymous'),
  },
  'POST /admin/users/:userId/roles': {
    type: 'GrantRole',
    stream: ({ params }) => userStream(params.userId ?? '?'),
  },
  'POST /contests': {
    type: 'CreateContest',
    stream: ({ actorId }) => `contest-owner:${actorId ?? 'anonymous'}`,
  },
  'POST /contests/:contestId/close': { type: 'CloseContest', stream: contestStream },
  'POST /contests/:contestId/entries': { type: 'SubmitEntry', stream: contestStream },
  'DELETE /entries/:entryId': { type: 'WithdrawEntry', stream: entryStream },
  'POST /entries/:entryId/vote': { type: 'CastVote', stream: entryStream },
  'DELETE /entries/:entryId/vote': { type: 'RetractVote', stream: entryStream },
  'POST /entries/:entryId/comments': { type: 'AddComment', stream: entryStream },
  'DELETE /comments/:commentId': {
    type: 'DeleteComment',
    stream: ({ params }) => `comment:${param(params, 'commentId')}`,
  },
  'POST /entries/:entryId/views': { type: 'RecordView', stream: entryStream },
  'POST /contests/:contestId/ruleset': { type: 'ChangeContestRuleset', stream: contestStream },
  'POST /admin/rulesets': { type: 'CreateRuleset', stream: () => 'rulesets' },
  'POST /admin/dead-letters/:id/retry': {
    type: 'RetryDeadLetter',
    stream: ({ params }) => `dead-letter:${param(params, 'id')}`,
  },
  'POST /admin/dead-letters/:id/skip': {
    type: 'SkipDeadLetter',
    stream: ({ params }) => `dead-letter:${param(params, 'id')}`,
  },
  'POST /admin/projections/:name/rebuild': {
    type: 'RebuildProjection',
    stream: ({ params }) => `projection:${param(params, 'name')}`,
  },
  'POST /admin/replays': {
    type: 'RequestReplay',
    stream: ({ body }) => `replay:${field(body, 'contestId')}`,
  },
};

/** A mutating request to a path no route matches is still a command attempt worth logging. */
export const UNKNOWN_COMMAND_ROUTE: CommandRoute = {
  type: 'UnknownCommand',
  stream: () => 'unrouted',
};

export function commandRouteOf(method: string, routeUrl: string | undefined): CommandRoute {
  if (routeUrl === undefined) return UNKNOWN_COMMAND_ROUTE;
  return COMMAND_ROUTES[`${method} ${routeUrl}`] ?? UNKNOWN_COMMAND_ROUTE;
}
