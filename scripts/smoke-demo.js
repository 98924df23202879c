#!/usr/bin/env node
'use strict';
// What a newcomer does after `npm start`: wait for the platform to be ready, sign in as a demo
// user, vote, and see the vote in the standings (read with minPosition, so the reply waits for
// the projection); then open the staff console and sign in as the admin, as the README says.
// Exits 0 when all of that holds, 1 saying what did not. Used by .ci/run.
//   node scripts/smoke-demo.js [baseUrl]   (default http://127.0.0.1:3000)

const baseUrl = process.argv[2] ?? 'http://127.0.0.1:3000';
const DEMO_USER = { username: 'maya_bikes', password: 'demo-password-123' };
const ADMIN = {
  username: process.env.ADMIN_USERNAME ?? 'admin',
  password: process.env.ADMIN_PASSWORD ?? 'change-me-now-please',
};

async function call(method, path, { body, token } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const reply = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await reply.text();
  return { status: reply.status, body: text ? JSON.parse(text) : undefined };
}

async function waitUntilReady(seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const ready = await call('GET', '/health/ready').catch(() => null);
    if (ready?.status === 200) return;
    if (Date.now() > deadline) {
      throw new Error(
        `/health/ready did not answer 200 within ${seconds} s (last: ${ready?.status ?? 'no answer'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The entry's votes in the standings once they show `position`. */
async function votesOf(contestId, entryId, position) {
  const query = position ? `?limit=200&minPosition=${position}&waitMs=5000` : '?limit=200';
  const standings = await call('GET', `/contests/${contestId}/standings${query}`);
  if (standings.status !== 200)
    throw new Error(`standings: ${standings.status} ${JSON.stringify(standings.body)}`);
  const item = standings.body.items.find((i) => i.entryId === entryId);
  return item ? { upvotes: item.upvotes, downvotes: item.downvotes } : null;
}

async function main() {
  await waitUntilReady(Number(process.env.SMOKE_READY_SECONDS ?? 180));
  const login = await call('POST', '/auth/login', { body: DEMO_USER });
  if (login.status !== 200)
    throw new Error(`demo login: ${login.status} ${JSON.stringify(login.body)}`);
  const { token, userId } = login.body;
  const contests = await call('GET', '/contests?status=voting&limit=50');
  const open = await call('GET', '/contests?status=open&limit=50');
  const candidates = [...(contests.body?.items ?? []), ...(open.body?.items ?? [])];
  if (candidates.length === 0) throw new Error('no demo contest is open for votes');
  for (const contest of candidates) {
    const standings = await call('GET', `/contests/${contest.contestId}/standings?limit=200`);
    for (const entry of standings.body?.items ?? []) {
      if (entry.authorId === userId) continue;
      for (const value of [1, -1]) {
        const before = await votesOf(contest.contestId, entry.entryId);
        const vote = await call('POST', `/entries/${entry.entryId}/vote`, {
          token,
          body: { value },
        });
        if (vote.status !== 200) continue;
        const after = await votesOf(contest.contestId, entry.entryId, vote.body.position);
        if (
          !after ||
          (after.upvotes === before?.upvotes && after.downvotes === before?.downvotes)
        ) {
          throw new Error(
            `the vote at position ${vote.body.position} does not show in the standings`,
          );
        }
        console.log(
          `smoke: ${DEMO_USER.username} voted ${value > 0 ? '+1' : '-1'} on "${entry.title}" in "${contest.title}"; ` +
            `standings now ${after.upvotes} up, ${after.downvotes} down (were ${before?.upvotes ?? 0}, ${before?.downvotes ?? 0})`,
        );
        return consoleOpens();
      }
    }
  }
  throw new Error('no entry of the demo contests took a vote from the demo user');
}

/** The staff console is served, with its script, and the admin signs in to see the projections. */
async function consoleOpens() {
  for (const path of ['/console', '/console/app.js']) {
    const reply = await fetch(`${baseUrl}${path}`);
    if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${await reply.text()}`);
  }
  const login = await call('POST', '/auth/login', { body: ADMIN });
  if (login.status !== 200)
    throw new Error(`admin login: ${login.status} ${JSON.stringify(login.body)}`);
  const projections = await call('GET', '/admin/projections', { token: login.body.token });
  if (projections.status !== 200) throw new Error(`/admin/projections: ${projections.status}`);
  console.log(
    `smoke: ${baseUrl}/console is served; ${ADMIN.username} signs in and sees ${projections.body.length} projections`,
  );
}

main().catch((error) => {
  console.error(`smoke: ${error.message}`);
  process.exit(1);
});
