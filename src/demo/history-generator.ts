import { SeedAction } from './seed-actions';
import { SeedOptions } from './seed-options';
import { seededRandom, zipfPicker } from './seeded-random';

const HOUR = 3_600_000;
const CATEGORIES = ['bike-stunts', 'air-guitar', 'skateboarding', 'juggling', 'parkour', 'beatbox'];
const PHRASES = [
  'What a run!',
  'That landing',
  'Encore!',
  'Clean execution',
  'Not convinced',
  'Wow',
  'Pure style',
  'Again!',
];

/** The fixed demo accounts come first, so their known password logs into the demo. */
export const DEMO_USERNAMES = ['maya_bikes', 'leo_airguitar', 'sam_skates', 'ivy_juggles'];

interface Contest {
  contestId: string;
  ownerId: string;
  createdAt: number;
  submissionsCloseAt: number;
  votingClosesAt: number;
  entries: { entryId: string; authorId: string; at: number }[];
}

/**
 * A realistic, reproducible history (docs/BENCHMARKS.md): Zipf-skewed entry popularity, about 10%
 * of votes flipped or retracted, comments, views with repeats inside the dedup window, failed
 * logins with a brute-force burst, and bots that self-vote, submit twice and vote late. The
 * same options and seed give the same actions, ids included.
 */
export function generateHistory(options: SeedOptions, now: Date): SeedAction[] {
  const random = seededRandom(options.seed);
  const id = (at: number) => seededUuidV7(at, random);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const start = now.getTime() - options.days * 24 * HOUR;
  const span = now.getTime() - start;
  const actions: SeedAction[] = [];

  const users = Array.from({ length: options.users }, (_, i) => {
    const at = start + random() * span * 0.1;
    const username =
      DEMO_USERNAMES[i] ?? `fan_${i.toString(36)}_${Math.floor(random() * 1e6).toString(36)}`;
    const userId = id(at);
    actions.push({
      kind: 'register',
      at: new Date(at),
      userId,
      username,
      displayName: username.replace(/_/g, ' '),
    });
    return { userId, username, registeredAt: at };
  });
  for (const user of users) {
    const at = user.registeredAt + random() * span * 0.05;
    actions.push({
      kind: 'login',
      at: new Date(at),
      username: user.username,
      passwordMatches: true,
    });
  }

  const contests: Contest[] = [];
  for (let c = 0; c < options.contests; c += 1) {
    const createdAt = start + span * (0.1 + random() * 0.2);
    const owner = pick(users);
    const live = c % 2 === 0; // half still voting, half closed in the past
    const votingClosesAt = live
      ? now.getTime() + (24 + random() * 48) * HOUR
      : now.getTime() - random() * span * 0.05 - HOUR;
    const submissionsCloseAt = Math.min(createdAt + span * 0.3, votingClosesAt);
    const contest: Contest = {
      contestId: id(createdAt),
      ownerId: owner.userId,
      createdAt,
      submissionsCloseAt,
      votingClosesAt,
      entries: [],
    };
    contests.push(contest);
    actions.push({
      kind: 'create',
      at: new Date(createdAt),
      contestId: contest.contestId,
      ownerId: owner.userId,
      title: `${pick(CATEGORIES).replace('-', ' ')} showdown #${c + 1}`,
      category: CATEGORIES[c % CATEGORIES.length],
      submissionsCloseAt: new Date(submissionsCloseAt),
      votingClosesAt: new Date(votingClosesAt),
    });
    if (!live)
      actions.push({
        kind: 'finalize',
        at: new Date(votingClosesAt + 1000),
        contestId: contest.contestId,
      });
    const authors = [...users]
      .sort(() => random() - 0.5)
      .slice(0, Math.min(options.entriesPerContest, users.length));
    for (const author of authors) {
      const at = createdAt + random() * (submissionsCloseAt - createdAt) * 0.9;
      const entryId = id(at);
      contest.entries.push({ entryId, authorId: author.userId, at });
      actions.push({
        kind: 'submit',
        at: new Date(at),
        entryId,
        contestId: contest.contestId,
        authorId: author.userId,
        title: `Take ${contest.entries.length}`,
      });
    }
  }
  const votable = contests.filter((c) => c.entries.length > 0);
  if (votable.length === 0) return sortByTime(actions);
  const pickers = new Map(
    votable.map((c) => [c.contestId, zipfPicker(c.entries.length, 1.1, random)]),
  );
  /** A moment the entry can be voted on, watched or commented: after it was submitted. */
  const momentFor = (contest: Contest, entry: { at: number }) => {
    const end = Math.min(contest.votingClosesAt, now.getTime()) - 1000;
    return entry.at + 1000 + random() * Math.max(0, end - entry.at - 1000);
  };
  const entryIn = (contest: Contest) => contest.entries[pickers.get(contest.contestId)!()];

  for (let v = 0; v < options.votes; v += 1) {
    const contest = pick(votable);
    const entry = entryIn(contest);
    const voter = pick(users);
    const at = momentFor(contest, entry);
    const value = random() < 0.8 ? 1 : -1;
    actions.push({
      kind: 'vote',
      at: new Date(at),
      entryId: entry.entryId,
      voterId: voter.userId,
      value,
    });
    if (random() < 0.1) {
      const later = Math.min(
        at + random() * 6 * HOUR,
        contest.votingClosesAt - 1,
        now.getTime() - 1,
      );
      actions.push(
        random() < 0.5
          ? { kind: 'retract', at: new Date(later), entryId: entry.entryId, voterId: voter.userId }
          : {
              kind: 'vote',
              at: new Date(later),
              entryId: entry.entryId,
              voterId: voter.userId,
              value: value === 1 ? -1 : 1,
            },
      );
    }
    for (let w = 0; w < options.viewsPerVote; w += 1) {
      const viewer =
        random() < 0.3
          ? `user:${pick(users).userId}`
          : `anon:browser-${Math.floor(random() * users.length * 3)}`;
      const watched = entryIn(contest);
      const viewAt = momentFor(contest, watched);
      const seconds = Math.round(Math.min(600, -Math.log(1 - random()) * 45) * 10) / 10;
      actions.push({
        kind: 'view',
        at: new Date(viewAt),
        entryId: watched.entryId,
        viewerKey: viewer,
        watchedSeconds: seconds,
      });
      const repeatAt = viewAt + random() * 20 * 60_000;
      if (random() < 0.2 && repeatAt < Math.min(contest.votingClosesAt, now.getTime())) {
        // A repeat inside the 30-minute dedup window: recorded, not counted.
        actions.push({
          kind: 'view',
          at: new Date(repeatAt),
          entryId: watched.entryId,
          viewerKey: viewer,
          watchedSeconds: seconds,
        });
      }
    }
  }
  for (let k = 0; k < options.comments; k += 1) {
    const contest = pick(votable);
    const entry = entryIn(contest);
    const at = momentFor(contest, entry);
    actions.push({
      kind: 'comment',
      at: new Date(at),
      commentId: id(at),
      entryId: entry.entryId,
      authorId: pick(users).userId,
      body: pick(PHRASES),
    });
  }
  for (const contest of votable.filter((c) => c.votingClosesAt + 60_000 < now.getTime())) {
    // A vote that comes too late: VOTING_CLOSED.
    const entry = pick(contest.entries);
    actions.push({
      kind: 'vote',
      at: new Date(contest.votingClosesAt + 60_000),
      entryId: entry.entryId,
      voterId: pick(users).userId,
      value: 1,
    });
  }
  addFailedLogins(actions, options, users, start, span, random);
  addBots(actions, options, users, votable, id, random);
  return sortByTime(actions);
}

function addFailedLogins(
  actions: SeedAction[],
  options: SeedOptions,
  users: { username: string }[],
  start: number,
  span: number,
  random: () => number,
): void {
  const burst = Math.min(options.failedLogins, 8);
  const target = users[users.length - 1].username;
  const burstAt = start + span * 0.5;
  for (let i = 0; i < burst; i += 1) {
    actions.push({
      kind: 'login',
      at: new Date(burstAt + i * 20_000),
      username: target,
      passwordMatches: false,
    });
  }
  for (let i = burst; i < options.failedLogins; i += 1) {
    const username =
      random() < 0.7
        ? users[Math.floor(random() * users.length)].username
        : `ghost_${Math.floor(random() * 1000)}`;
    actions.push({
      kind: 'login',
      at: new Date(start + random() * span),
      username,
      passwordMatches: false,
    });
  }
}

function addBots(
  actions: SeedAction[],
  options: SeedOptions,
  users: { userId: string }[],
  contests: Contest[],
  id: (at: number) => string,
  random: () => number,
): void {
  for (let b = 0; b < options.bots; b += 1) {
    const contest = contests[b % contests.length];
    const bot = contest.entries[0]?.authorId ?? users[0].userId;
    const at = Math.max(...contest.entries.map((e) => e.at)) + 60_000;
    for (const entry of contest.entries) {
      // Includes its own entry: SELF_VOTE_FORBIDDEN.
      actions.push({
        kind: 'vote',
        at: new Date(at + random() * 60_000),
        entryId: entry.entryId,
        voterId: bot,
        value: 1,
      });
    }
    // A second entry: ALREADY_SUBMITTED (or SUBMISSIONS_CLOSED when it comes too late).
    actions.push({
      kind: 'submit',
      at: new Date(at + 120_000),
      entryId: id(at + 120_000),
      contestId: contest.contestId,
      authorId: bot,
      title: 'Spam',
    });
  }
}

function sortByTime(actions: SeedAction[]): SeedAction[] {
  return actions.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** A version-7 UUID whose random part comes from the seeded generator. */
export function seededUuidV7(at: number, random: () => number): string {
  const bytes = new Uint8Array(16);
  let ms = Math.floor(at);
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  for (let i = 6; i < 16; i += 1) bytes[i] = Math.floor(random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
