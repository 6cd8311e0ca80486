import { AsyncLocalStorage } from 'node:async_hooks';
import { ApiError } from '../errors/ApiError';

/**
 * The moment (performance.now() ms) after which nobody waits for the answer of the call running in this async context
 * any more: a call another instance forwarded (ClusterNode) carries its forwarder's timeout. A change that reaches the
 * commit lock after it is not made (CommitGate): the forwarder has already answered 503, and deciding then would
 * commit a trip the rider was told failed, with CPU an overloaded owner does not have.
 */
export const callDeadline = new AsyncLocalStorage<number>();

/** Throws a retryable ZoneUnavailable when the call's deadline has passed. */
export function checkCallDeadline(): void {
  const deadline = callDeadline.getStore();
  if (deadline !== undefined && performance.now() > deadline) {
    throw new ApiError('ZoneUnavailable', 'The instance that owns this zone was too busy to decide in time; nothing was changed; retry with the same Idempotency-Key', { retryAfterS: 1 });
  }
}
