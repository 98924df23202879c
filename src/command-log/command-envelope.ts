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

export const SYSTEM_ACTOR = 'system';
