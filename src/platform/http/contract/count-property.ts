import { ApiProperty } from '@nestjs/swagger';

/** A count a view holds (an int4 column, never negative), described by what it counts. */
export const ApiCount = (description: string) =>
  ApiProperty({ type: 'integer', format: 'int32', minimum: 0, description });
