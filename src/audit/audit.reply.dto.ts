import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REJECTION_CODES, ROLES } from '@contest/domain';

/** What the edge knew of a command besides its payload. */
export class AuditCommandMetadata {
  @ApiProperty({
    description: "The request's id (X-Request-Id), or the writer's for the platform's own commands",
  })
  correlationId!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'What caused a command the platform issued itself (job:<id> or sweep for a finalization); null otherwise',
  })
  causationId!: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'The Idempotency-Key sent' })
  idempotencyKey!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  clientAddress!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  userAgent!: string | null;

  @ApiPropertyOptional({
    enum: [...ROLES],
    isArray: true,
    description: "The actor's roles when the command arrived",
  })
  actorRoles?: string[];

  @ApiProperty({
    enum: ['edge', 'decider'],
    description: 'Who decided it: the edge (validation, authentication...) or a decider',
  })
  stage!: 'edge' | 'decider';
}

/** One command of the log, accepted or refused, its payload redacted. */
export class AuditCommand {
  @ApiProperty({ format: 'uuid' })
  commandId!: string;

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 1 })
  position!: number;

  @ApiProperty({
    example: 'CastVote',
    description: 'The command type; UnknownCommand for a refused request to no known command',
  })
  type!: string;

  @ApiProperty({
    oneOf: [
      { type: 'string', format: 'uuid', nullable: true },
      { type: 'string', enum: ['system'] },
    ],
    description:
      "The actor: a user id, system for the platform's own commands, null when anonymous",
  })
  actorId!: string | null;

  @ApiProperty({ enum: ['accepted', 'rejected'] })
  status!: 'accepted' | 'rejected';

  @ApiProperty({
    type: 'string',
    enum: [...REJECTION_CODES, null],
    nullable: true,
    description: 'The refusal code of a rejected command; null when accepted',
  })
  code!: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The refusal's detail; null when accepted",
  })
  detail!: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: {},
    description:
      "The command's payload as stored: secret-named fields redacted; for a refusal at the edge, the path parameters and the body as sent",
  })
  payload!: Record<string, unknown>;

  @ApiProperty({ type: () => AuditCommandMetadata })
  metadata!: AuditCommandMetadata;
}

export class AuditCommandPage {
  @ApiProperty({ type: [AuditCommand], description: "In the log's gap-safe reading order" })
  items!: AuditCommand[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as cursor for the next page; set whenever this page is full',
  })
  nextCursor!: string | null;
}

/** Failed logins of one username in the range. */
export class FailedLogins {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'null gathers the failed logins refused before a username could be read',
  })
  username!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  failures!: number;

  @ApiProperty({ format: 'date-time' })
  firstAt!: string;

  @ApiProperty({ format: 'date-time' })
  lastAt!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Distinct client addresses' })
  distinctSources!: number;

  @ApiProperty({ description: 'Whether a lockout happened among them' })
  lockedOut!: boolean;

  @ApiProperty({
    description: 'Whether an accepted login of the username came after the first failure',
  })
  succeededAfter!: boolean;
}

export class FailedLoginsList {
  @ApiProperty({ type: [FailedLogins], description: 'Most failures first' })
  items!: FailedLogins[];
}
