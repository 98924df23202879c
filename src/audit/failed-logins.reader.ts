import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FailedLogins {
  username: string;
  failures: number;
  firstAt: string;
  lastAt: string;
  distinctSources: number;
  lockedOut: boolean;
  succeededAfter: boolean;
}

/**
 * Failed logins per username in a time range: how many, when, from how many addresses,
 * whether the username was locked out, and whether a successful login followed.
 */
@Injectable()
export class FailedLoginsReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(
    from: string | undefined,
    to: string | undefined,
    minFailures: number,
  ): Promise<FailedLogins[]> {
    const rows: {
      username: string;
      failures: number;
      first_at: Date;
      last_at: Date;
      sources: number;
      locked: boolean;
      succeeded: boolean;
    }[] = await this.dataSource.query(
      `WITH failures AS (
           SELECT payload->>'username' AS username, received_at, metadata->>'clientAddress' AS source, rejection_code, events
           FROM command_log
           WHERE type = 'LogIn' AND status = 'rejected'
             AND ($1::timestamptz IS NULL OR received_at >= $1) AND ($2::timestamptz IS NULL OR received_at < $2))
         SELECT f.username, count(*)::int AS failures, min(f.received_at) AS first_at, max(f.received_at) AS last_at,
                count(DISTINCT f.source)::int AS sources,
                bool_or(f.rejection_code = 'TOO_MANY_FAILED_LOGINS' OR f.events @> '[{"type":"LoginLockedOut"}]') AS locked,
                -- A username's logins are its stream: the stream index finds them without a scan.
                EXISTS (SELECT 1 FROM command_log s WHERE s.stream_key = 'username:' || f.username
                          AND s.type = 'LogIn' AND s.status = 'accepted' AND s.received_at > min(f.received_at)) AS succeeded
         FROM failures f GROUP BY f.username HAVING count(*) >= $3
         ORDER BY failures DESC, f.username`,
      [from ?? null, to ?? null, minFailures],
    );
    return rows.map((r) => ({
      username: r.username,
      failures: r.failures,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
      distinctSources: r.sources,
      lockedOut: r.locked,
      succeededAfter: r.succeeded,
    }));
  }
}
