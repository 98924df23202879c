import { ApiProperty, ApiPropertyOptional, getSchemaPath, PartialType } from '@nestjs/swagger';

export class ProcessCheck {
  @ApiProperty({ enum: ['up'] })
  status!: 'up';

  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0 })
  uptimeSeconds!: number;
}

export class LivenessInfo {
  @ApiProperty({ type: () => ProcessCheck })
  process!: ProcessCheck;
}

export class HealthLive {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ type: () => LivenessInfo })
  info!: LivenessInfo;
}

/** One dependency, terminus-style: up, or down with what went wrong. */
export class DependencyCheck {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ description: 'What went wrong, when down' })
  message?: string;
}

/** The session store without REDIS_URL: the Postgres pool sessions and rate limits use. */
export class SessionStoreCheck extends DependencyCheck {
  @ApiPropertyOptional({ enum: ['postgres'], description: 'When up' })
  backend?: 'postgres';
}

/** Where one projection stands, as readiness sees it. */
export class ProjectionReadiness {
  @ApiProperty({ enum: ['running', 'halted', 'rebuilding'] })
  status!: 'running' | 'halted' | 'rebuilding';

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Log rows after its checkpoint, counted up to 10,001',
  })
  lag!: number;
}

const BY_PROJECTION = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(ProjectionReadiness) },
} as const;

/** Down when a projection is halted or more than 10,000 rows behind. */
export class ProjectionsCheck extends DependencyCheck {
  @ApiPropertyOptional({ ...BY_PROJECTION, description: 'Every projection, when up' })
  projections?: Record<string, ProjectionReadiness>;

  @ApiPropertyOptional({
    ...BY_PROJECTION,
    description: 'Every projection, when down because one is halted or lags',
  })
  details?: Record<string, ProjectionReadiness>;
}

/** Every check: postgres and projections, and redis or sessions. */
export class ReadinessDetails {
  @ApiProperty({ type: () => DependencyCheck, description: 'Postgres answers' })
  postgres!: DependencyCheck;

  @ApiPropertyOptional({
    type: () => DependencyCheck,
    description: 'Redis answers within a second (with REDIS_URL)',
  })
  redis?: DependencyCheck;

  @ApiPropertyOptional({
    type: () => SessionStoreCheck,
    description: 'The Postgres session store answers within a second (without REDIS_URL)',
  })
  sessions?: SessionStoreCheck;

  @ApiProperty({ type: () => ProjectionsCheck })
  projections!: ProjectionsCheck;
}

/** Checks by name; `info` holds those up, `error` those down. */
export class ReadinessChecks extends PartialType(ReadinessDetails) {}

abstract class ReadinessReport {
  @ApiProperty({ type: () => ReadinessChecks, description: 'The checks up' })
  info!: ReadinessChecks;

  @ApiProperty({ type: () => ReadinessChecks, description: 'The checks down' })
  error!: ReadinessChecks;

  @ApiProperty({ type: () => ReadinessDetails })
  details!: ReadinessDetails;
}

export class HealthReady extends ReadinessReport {
  @ApiProperty({ enum: ['ok'], description: 'Every check is up' })
  status!: 'ok';
}

export class HealthNotReady extends ReadinessReport {
  @ApiProperty({ enum: ['error'], description: 'A check is down' })
  status!: 'error';
}
