import { EventHandlers } from '@contest/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LogRow } from '../../command-log/log-reader';
import { Projector } from '../runtime/projector';

export const AUDIT_HOURS = 'audit-hours';

interface Hour {
  firstTxId: bigint;
  lastTxId: bigint;
  commands: number;
}

/**
 * The audit-hours view: for each hour of receivedAt, the lowest and highest transaction id
 * the hour's commands were written in, and its rejections by type and code. It reads every
 * row, accepted or rejected, events or none.
 *
 * Audit pages read the log in (tx_id, position) order; the transaction range of the hours a
 * time filter covers tells them where in that order to start and stop, so a filter on a
 * month does not walk the months before it. The summary adds these hourly counts up instead
 * of counting rows. A poison row halts the view rather than skipping it: a skipped row would
 * leave the counts wrong, whereas behind a halted checkpoint readers count from the log.
 */
@Injectable()
export class AuditHoursProjector implements Projector {
  readonly name = AUDIT_HOURS;
  readonly version = 1;
  readonly onPoisonRow = 'halt' as const;
  readonly tables = ['view_audit_hours', 'view_audit_rejections_hourly'];

  /** The view counts commands (rows), whatever events they hold, so it reads none of them. */
  readonly events: EventHandlers<never> = {
    ContestCreated: 'ignored',
    ContestClosed: 'ignored',
    ContestRulesetChanged: 'ignored',
    EntrySubmitted: 'ignored',
    EntryWithdrawn: 'ignored',
    VoteCast: 'ignored',
    VoteRetracted: 'ignored',
    CommentAdded: 'ignored',
    CommentDeleted: 'ignored',
    ViewRecorded: 'ignored',
    UserRegistered: 'ignored',
    LoginSucceeded: 'ignored',
    LoginFailed: 'ignored',
    LoginLockedOut: 'ignored',
    UserLoggedOut: 'ignored',
    RoleGranted: 'ignored',
    RulesetCreated: 'ignored',
    ReplayRequested: 'ignored',
    ProjectionRebuildRequested: 'ignored',
    DeadLetterRetried: 'ignored',
    DeadLetterSkipped: 'ignored',
  };

  async apply(tx: EntityManager, rows: readonly LogRow[]): Promise<void> {
    const hours = new Map<string, Hour>();
    const rejections = new Map<string, number>();
    for (const row of rows) {
      const hour = hourOf(row.receivedAt);
      const txId = BigInt(row.txId);
      const seen = hours.get(hour);
      if (seen) {
        if (txId < seen.firstTxId) seen.firstTxId = txId;
        if (txId > seen.lastTxId) seen.lastTxId = txId;
        seen.commands += 1;
      } else hours.set(hour, { firstTxId: txId, lastTxId: txId, commands: 1 });
      if (row.status === 'rejected') {
        const key = JSON.stringify([hour, row.type, row.rejectionCode]);
        rejections.set(key, (rejections.get(key) ?? 0) + 1);
      }
    }
    if (hours.size > 0) await this.addHours(tx, hours);
    if (rejections.size > 0) await this.addRejections(tx, rejections);
  }

  private async addHours(tx: EntityManager, hours: ReadonlyMap<string, Hour>): Promise<void> {
    const entries = [...hours.entries()];
    await tx.query(
      `INSERT INTO view_audit_hours AS v (hour, first_tx_id, last_tx_id, commands)
       SELECT * FROM unnest($1::timestamptz[], $2::xid8[], $3::xid8[], $4::bigint[])
       ON CONFLICT (hour) DO UPDATE
         SET first_tx_id = LEAST(v.first_tx_id, EXCLUDED.first_tx_id),
             last_tx_id = GREATEST(v.last_tx_id, EXCLUDED.last_tx_id),
             commands = v.commands + EXCLUDED.commands`,
      [
        entries.map(([hour]) => hour),
        entries.map(([, h]) => h.firstTxId.toString()),
        entries.map(([, h]) => h.lastTxId.toString()),
        entries.map(([, h]) => h.commands),
      ],
    );
  }

  private async addRejections(
    tx: EntityManager,
    rejections: ReadonlyMap<string, number>,
  ): Promise<void> {
    const keys = [...rejections.keys()].map((key) => JSON.parse(key) as [string, string, string]);
    await tx.query(
      `INSERT INTO view_audit_rejections_hourly AS v (hour, type, code, count)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (hour, type, code) DO UPDATE SET count = v.count + EXCLUDED.count`,
      [
        keys.map(([hour]) => hour),
        keys.map(([, type]) => type),
        keys.map(([, , code]) => code),
        [...rejections.values()],
      ],
    );
  }
}

/** The start of the UTC hour `at` falls in, as ISO-8601. */
function hourOf(at: Date): string {
  const hour = new Date(at.getTime());
  hour.setUTCMinutes(0, 0, 0);
  return hour.toISOString();
}
