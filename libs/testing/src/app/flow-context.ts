import { apiClient, FlowContext } from '@contest/testing';
import type { TestApp } from './test-app';

/** The admin the flows sign in as: start the app with these as ADMIN_USERNAME/ADMIN_PASSWORD. */
export const FLOW_ADMIN = { username: 'contract_admin', password: 'contract-admin-password' };

/**
 * The main flows' context on a test app: typed clients whose every reply is checked against
 * the contract, and the faults the flows arrange (a parked row, a halted projection).
 */
export function flowContext(t: TestApp, baseUrl = t.baseUrl): FlowContext {
  return {
    client: (token) => apiClient(baseUrl, token),
    admin: FLOW_ADMIN,
    sendsInvalidRequests: true,
    async parkDeadLetter() {
      const [row] = await t.dataSource.query(
        `SELECT position, tx_id::text AS tx_id, command_id FROM command_log c
          WHERE type = 'RegisterUser' AND NOT EXISTS (
            SELECT 1 FROM projection_dead_letters d
             WHERE d.projection = 'user-activity' AND d.position = c.position)
          ORDER BY position DESC LIMIT 1`,
      );
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO projection_dead_letters (projection, position, tx_id, command_id, error, attempts, status)
         VALUES ('user-activity', $1, $2::xid8, $3, 'simulated fault', 4, 'parked') RETURNING id`,
        [row.position, row.tx_id, row.command_id],
      );
      return Number(id);
    },
    async haltProjection(halted) {
      await t.dataSource.query(
        `UPDATE projection_checkpoints SET status = $1 WHERE projection = 'user-activity'`,
        [halted ? 'halted' : 'running'],
      );
    },
  };
}
