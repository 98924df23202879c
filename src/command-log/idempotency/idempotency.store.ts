import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredReply {
  readonly commandId: string;
  readonly httpStatus: number;
  readonly body: Record<string, unknown>;
}

/** A command whose (actor, key) already has a live first reply: its twin answers for it. */
export class DuplicateIdempotencyKey extends Error {
  constructor() {
    super('duplicate idempotency key');
  }
}

const TTL = `interval '24 hours'`;

/**
 * docs/API.md: the same Idempotency-Key from the same actor within 24 h returns the first reply and
 * appends nothing. The key is claimed in the command's own transaction, so two racing requests
 * cannot both append: the second waits on the first's row, then sees the conflict.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims (actor, key) for a command; false when a live first reply holds it already. */
  async claim(
    tx: EntityManager,
    actorKey: string,
    key: string,
    commandId: string,
    at: Date,
  ): Promise<boolean> {
    const claimed: unknown[] = await tx.query(
      `INSERT INTO idempotency_replies (actor_key, key, command_id, created_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (actor_key, key) DO UPDATE
         SET command_id = EXCLUDED.command_id, http_status = NULL, body = NULL,
             created_at = EXCLUDED.created_at
         WHERE idempotency_replies.created_at < EXCLUDED.created_at - ${TTL}
       RETURNING 1`,
      [actorKey, key, commandId, at],
    );
    return claimed.length > 0;
  }

  /**
   * Keeps the replies of claimed keys in the transaction that appends their commands, so a
   * retry after a crash between commit and reply gets the same status and body.
   */
  async saveReplies(
    tx: EntityManager,
    replies: readonly { actorKey: string; key: string; reply: StoredReply }[],
  ): Promise<void> {
    if (replies.length === 0) return;
    await tx.query(
      `UPDATE idempotency_replies r SET http_status = v.status, body = v.body
       FROM unnest($1::text[], $2::text[], $3::uuid[], $4::smallint[], $5::jsonb[])
         AS v(actor_key, key, command_id, status, body)
       WHERE r.actor_key = v.actor_key AND r.key = v.key AND r.command_id = v.command_id`,
      [
        replies.map((r) => r.actorKey),
        replies.map((r) => r.key),
        replies.map((r) => r.reply.commandId),
        replies.map((r) => r.reply.httpStatus),
        replies.map((r) => JSON.stringify(r.reply.body)),
      ],
    );
  }

  /**
   * The first reply, if the key is live. Replies are kept with their commands; a claim
   * without one (made before replies were kept in the same transaction) is answered from the
   * log row itself.
   */
  async find(actorKey: string, key: string, now: Date): Promise<StoredReply | null> {
    const rows: {
      command_id: string;
      http_status: number | null;
      body: Record<string, unknown> | null;
      position: string | null;
      log_status: number | null;
      code: string | null;
      detail: string | null;
    }[] = await this.dataSource.query(
      `SELECT r.command_id, r.http_status, r.body, c.position, c.http_status AS log_status,
              c.rejection_code AS code, c.rejection_detail AS detail
       FROM idempotency_replies r
       LEFT JOIN command_log c ON c.command_id = r.command_id
       WHERE r.actor_key = $1 AND r.key = $2 AND r.created_at >= $3::timestamptz - ${TTL}`,
      [actorKey, key, now],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.http_status !== null && row.body !== null) {
      return { commandId: row.command_id, httpStatus: row.http_status, body: row.body };
    }
    if (row.position === null || row.log_status === null) return null;
    const body: Record<string, unknown> = {
      commandId: row.command_id,
      position: Number(row.position),
    };
    if (row.code)
      Object.assign(body, { code: row.code, detail: row.detail, status: row.log_status });
    return { commandId: row.command_id, httpStatus: row.log_status, body };
  }
}
