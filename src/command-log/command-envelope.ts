import { DomainCommand, encodeCommand } from '@contest/domain';
import { uuidv7 } from '../platform/ids/uuid-v7';

/** What the edge knows about a command besides its payload; stored with every log row. */
export interface CommandMetadata {
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly idempotencyKey: string | null;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  /** The actor's roles when the command arrived: some decisions depend on them (replays too). */
  readonly actorRoles?: readonly string[];
}

/**
 * One command as it enters the pipeline: ids and time were minted at the edge, so deciding it
 * again later gives the same outcome.
 */
export interface CommandEnvelope {
  readonly commandId: string;
  readonly type: string;
  /** A user id, `system` for commands the platform issues itself, null when anonymous. */
  readonly actorId: string | null;
  readonly streamKey: string;
  readonly receivedAt: Date;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly metadata: CommandMetadata;
}

/** Where a command the platform writes itself (not over HTTP) comes from. */
export interface CommandOrigin {
  readonly streamKey: string;
  /** Names the writer in the row's correlation id and user agent: `seed`, `contest-finalizer`. */
  readonly source: string;
  /** Overrides the actor the command names: `system` for the platform's own commands. */
  readonly actorId?: string | null;
  readonly actorRoles?: readonly string[];
  readonly causationId?: string | null;
}

/**
 * The envelope of a command written by the platform itself (demo history, finalization, the
 * bootstrap admin), its payload made by the codec like every other command's.
 */
export function envelopeOfCommand(command: DomainCommand, origin: CommandOrigin): CommandEnvelope {
  const encoded = encodeCommand(command);
  const commandId = uuidv7(command.receivedAt.getTime());
  return {
    commandId,
    type: command.type,
    actorId: origin.actorId !== undefined ? origin.actorId : encoded.actorId,
    streamKey: origin.streamKey,
    receivedAt: command.receivedAt,
    payload: encoded.payload,
    metadata: {
      correlationId: `${origin.source}-${commandId}`,
      causationId: origin.causationId ?? null,
      idempotencyKey: null,
      clientAddress: null,
      userAgent: origin.source,
      actorRoles: origin.actorRoles ?? encoded.actorRoles,
    },
  };
}
