import type { Type } from '@nestjs/common';
import { getSchemaPath } from '@nestjs/swagger';

/**
 * A property holding a model or null. Not `nullable: true` as Nest writes it for a class (beside
 * `allOf: [$ref]`): the referenced object schema still refuses null, in Ajv as in Prism.
 * `nullable` with `enum: [null]` is how OpenAPI 3.0 spells "null only". The model must be
 * reachable (a property of another reply, or @ApiExtraModels).
 */
export const modelOrNull = (model: () => Type<unknown>, whenNull?: string) => ({
  oneOf: [
    { $ref: getSchemaPath(model()) },
    { type: 'object', nullable: true, enum: [null], ...(whenNull && { description: whenNull }) },
  ],
});
