import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** One field's problem in a refused request. */
@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemSchema {
  @ApiProperty({
    description: 'The JSON path of the field ("" for the body itself)',
    example: 'title',
  })
  path!: string;

  @ApiProperty({ description: 'What to fix', example: 'title must be 1 to 200 characters' })
  message!: string;
}

/**
 * The body of every error reply: RFC 9457 problem details plus a stable `code`. Each operation
 * narrows `code` to the codes it can answer (complete-contract.ts).
 */
@ApiSchema({ name: 'Problem' })
export class ProblemSchema {
  @ApiProperty({
    format: 'uri',
    description: 'https://contest.example/problems/<code in kebab case>',
    example: 'https://contest.example/problems/voting-closed',
  })
  type!: string;

  @ApiProperty({ description: "The status's reason phrase", example: 'Unprocessable Entity' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 422 })
  status!: number;

  @ApiProperty({
    description: 'A stable UPPER_SNAKE code: never renamed',
    example: 'VOTING_CLOSED',
  })
  code!: string;

  @ApiProperty({ description: 'What happened and what to do about it' })
  detail!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The refused command, when the refusal was logged',
  })
  commandId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    description: "The refused command's position in the log, when the refusal was logged",
  })
  position?: number;

  @ApiPropertyOptional({
    type: [FieldProblemSchema],
    description:
      'Field problems (VALIDATION_FAILED, INVALID_CURSOR, INVALID_RULESET, INVALID_IDEMPOTENCY_KEY)',
  })
  errors?: FieldProblemSchema[];
}
