import { ApiExtension } from '@nestjs/swagger';
import type { RejectionCode } from '@contest/domain';

/** Codes answered by the edge, never logged one by one. */
export type ReplyOnlyCode = 'RATE_LIMITED' | 'INTERNAL_ERROR';

export const REFUSALS_EXTENSION = 'x-refusals';

/** Where @nestjs/swagger keeps a method's extensions (its DECORATORS.API_EXTENSION). */
const API_EXTENSION = 'swagger/apiExtension';

/**
 * The codes an operation's own logic can refuse with (its decider, its reader). The contract
 * adds those every operation of its kind can meet (complete-contract.ts) and documents each
 * under its status. Decorators stack: each adds its codes.
 */
export function Refuses(...codes: (RejectionCode | ReplyOnlyCode)[]): MethodDecorator {
  return (target, key, descriptor) => {
    const extensions = (Reflect.getMetadata(API_EXTENSION, descriptor.value as object) ??
      {}) as Record<string, unknown>;
    const earlier = (extensions[REFUSALS_EXTENSION] as string[] | undefined) ?? [];
    return ApiExtension(REFUSALS_EXTENSION, [...new Set([...earlier, ...codes])])(
      target,
      key,
      descriptor,
    );
  };
}
