/**
 * docs/API.md's contest status, derived at read time: it changes as time passes, without any
 * command. `open` while entries are accepted, `voting` after, `closed` once closed or past
 * votingClosesAt (finalization follows within moments).
 */
export function contestStatus(
  row: { submissions_close_at: Date; voting_closes_at: Date; closed_at: Date | null },
  now: Date,
): 'open' | 'voting' | 'closed' {
  if (row.closed_at !== null || now >= row.voting_closes_at) return 'closed';
  if (now < row.submissions_close_at) return 'open';
  return 'voting';
}

/** The same, as a SQL predicate over a view's schedule columns ($n is now). */
export const STATUS_PREDICATES: Record<'open' | 'voting' | 'closed', (now: string) => string> = {
  closed: (now) => `(closed_at IS NOT NULL OR voting_closes_at <= ${now})`,
  open: (now) =>
    `(closed_at IS NULL AND voting_closes_at > ${now} AND submissions_close_at > ${now})`,
  voting: (now) =>
    `(closed_at IS NULL AND voting_closes_at > ${now} AND submissions_close_at <= ${now})`,
};
