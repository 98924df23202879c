import { AsyncLocalStorage } from 'node:async_hooks';

/** The correlation id of the request or job being handled, for every log line it causes. */
export const correlationScope = new AsyncLocalStorage<{ correlationId: string }>();

export function currentCorrelationId(): string | undefined {
  return correlationScope.getStore()?.correlationId;
}
