/** Creates the users, contest and entries a benchmark drives, through the public API. */
export interface Voter {
  readonly userId: string;
  readonly token: string;
}

async function post(baseUrl: string, path: string, body: unknown, token?: string) {
  const reply = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await reply.json()) as Record<string, unknown>;
  if (reply.status >= 300) throw new Error(`${path}: ${reply.status} ${JSON.stringify(json)}`);
  return json;
}

export async function signUpMany(baseUrl: string, prefix: string, count: number): Promise<Voter[]> {
  const users: Voter[] = [];
  for (let i = 0; i < count; i += 8) {
    const batch = Array.from({ length: Math.min(8, count - i) }, async (_, j) => {
      const username = `${prefix}${i + j}`;
      const password = 'bench-password-123';
      const registered = await post(baseUrl, '/auth/register', {
        username,
        email: `${username}@bench.invalid`,
        password,
      });
      const login = await post(baseUrl, '/auth/login', { username, password });
      return { userId: String(registered.userId), token: String(login.token) };
    });
    users.push(...(await Promise.all(batch)));
  }
  return users;
}

export async function createContestWithEntries(baseUrl: string, owner: Voter, authors: Voter[]) {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const contest = await post(
    baseUrl,
    '/contests',
    {
      title: 'Benchmark cup',
      category: 'bench',
      submissionsCloseAt: inDays(1),
      votingClosesAt: inDays(2),
    },
    owner.token,
  );
  const contestId = String(contest.contestId);
  const entries: string[] = [];
  for (const author of authors) {
    const entry = await post(
      baseUrl,
      `/contests/${contestId}/entries`,
      { title: 'Take', videoUrl: 'https://v.bench.invalid/x.mp4' },
      author.token,
    );
    entries.push(String(entry.entryId));
  }
  return { contestId, entries };
}
