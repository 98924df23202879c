import { createContestClient, type ContestClient } from '@contest/client';

const TOKEN_KEY = 'contest-console-token';

/** What a problem reply says, shown to people as it is: its code and its detail. */
export class ApiProblem extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** The problem of a failed call, or one for a reply that was not a problem at all. */
export function problemOf(error: unknown, response: Response): ApiProblem {
  const body = error as { code?: string; detail?: string } | undefined;
  return new ApiProblem(
    body?.code ?? `HTTP_${response.status}`,
    body?.detail ?? `The server answered ${response.status}.`,
  );
}

/** The signed-in staff member: the token lives in this tab only (sessionStorage). */
export interface Staff {
  readonly api: ContestClient;
  readonly username: string;
  readonly roles: readonly string[];
}

const origin = () => window.location.origin;

export function savedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export async function signIn(username: string, password: string): Promise<string> {
  const { data, error, response } = await createContestClient(origin()).POST('/auth/login', {
    body: { username, password },
  });
  if (!data) throw problemOf(error, response);
  sessionStorage.setItem(TOKEN_KEY, data.token);
  return data.token;
}

/**
 * Who holds the token, or null when the session is gone (revoked, expired). Once signed in,
 * a 401 to any later call means the session ended meanwhile: `onSessionEnd` is called once,
 * after the token is forgotten.
 */
export async function whoHolds(
  token: string,
  onSessionEnd: () => void = () => undefined,
): Promise<Staff | null> {
  let ended = false;
  let signedIn = false;
  const api = createContestClient(origin(), {
    token,
    middleware: [
      {
        onResponse: ({ response }) => {
          if (response.status !== 401 || ended || !signedIn) return;
          ended = true;
          sessionStorage.removeItem(TOKEN_KEY);
          onSessionEnd();
        },
      },
    ],
  });
  const { data, error, response } = await api.GET('/me');
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
  if (!data) throw problemOf(error, response);
  signedIn = true;
  return { api, username: data.username, roles: data.roles };
}

/** Revokes the session on the server, then forgets the token. */
export async function signOut(staff: Staff): Promise<void> {
  const { error, response } = await staff.api.POST('/auth/logout');
  sessionStorage.removeItem(TOKEN_KEY);
  if (response.status !== 204 && response.status !== 401) throw problemOf(error, response);
}
