import { Client } from 'pg';

let installed = false;
const noop = () => undefined;

/**
 * A backend killed by an operator (pg_terminate_backend) or a restart makes its connection
 * emit 'error'. Who listens depends on the moment: a query in flight gets the error, but a
 * connection checked out between queries (pg-pool drops its listener then, TypeORM drops its
 * own after the first error), or one whose FATAL arrives in the same packet as its connect
 * (BullMQ's LISTEN client attaches its listener a microtask later), has none, and an 'error'
 * without a listener ends the process. So every pg connection of the process keeps one
 * listener for good, attached as it connects; the failure still reaches the query that met it,
 * and the pools still drop the connection. Installed once, at start.
 */
export function guardEveryPgConnection(): void {
  if (installed) return;
  installed = true;
  const connect = Client.prototype.connect;
  Client.prototype.connect = function (this: Client, ...args: unknown[]) {
    if (!this.listeners('error').includes(noop)) this.on('error', noop);
    return (connect as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof connect;
}
