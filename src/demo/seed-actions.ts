/** One step of a seeded history, at the time it happens. */
export type SeedAction =
  | { kind: 'register'; at: Date; userId: string; username: string; displayName: string }
  | { kind: 'login'; at: Date; username: string; passwordMatches: boolean }
  | {
      kind: 'create';
      at: Date;
      contestId: string;
      ownerId: string;
      title: string;
      category: string;
      submissionsCloseAt: Date;
      votingClosesAt: Date;
    }
  | {
      kind: 'submit';
      at: Date;
      entryId: string;
      contestId: string;
      authorId: string;
      title: string;
    }
  | { kind: 'vote'; at: Date; entryId: string; voterId: string; value: 1 | -1 }
  | { kind: 'retract'; at: Date; entryId: string; voterId: string }
  | {
      kind: 'comment';
      at: Date;
      commentId: string;
      entryId: string;
      authorId: string;
      body: string;
    }
  | { kind: 'view'; at: Date; entryId: string; viewerKey: string; watchedSeconds: number }
  | { kind: 'close'; at: Date; contestId: string; ownerId: string }
  | { kind: 'finalize'; at: Date; contestId: string };
