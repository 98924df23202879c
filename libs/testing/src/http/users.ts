import { http } from './http';

export interface SignedInUser {
  readonly userId: string;
  readonly username: string;
  readonly token: string;
}

/** Registers and logs in a user through the API. */
export async function signUp(baseUrl: string, username: string): Promise<SignedInUser> {
  const password = `${username}-password-123`;
  const registered = await http(baseUrl, 'POST', '/auth/register', {
    body: {
      username,
      email: `${username}@example.com`,
      password,
      displayName: `${username[0].toUpperCase()}${username.slice(1)}`,
    },
  });
  if (registered.status !== 201)
    throw new Error(`register ${username}: ${registered.status} ${registered.text}`);
  const login = await http(baseUrl, 'POST', '/auth/login', { body: { username, password } });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${login.text}`);
  return { userId: registered.body.userId, username, token: login.body.token };
}

export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
