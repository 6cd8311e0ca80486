import { RoutingError, isRoutingError } from '../errors';
import { DEFAULT_HTTP_RETRIES, DEFAULT_HTTP_TIMEOUT_MS } from '../registry';

/** How long one attempt at a routing backend may take, and how often a failed attempt is repeated. */
export interface RetryPolicy {
  /** Per attempt, not in total: the worst case is (retries + 1) × timeoutMs plus the backoff. */
  timeoutMs: number;
  /** Extra attempts after a timeout, a refused connection or a 5xx; an answer such as NoRoute is never retried. */
  retries: number;
  /** Wait before retry n (1-based): backoffMs × 2^(n−1). Small: a dispatcher waits on this. */
  backoffMs: number;
}

export const DEFAULT_RETRY_BACKOFF_MS = 50;

/** Builds a policy from RouterConfig-style fields, filling the named defaults. */
export function retryPolicyFrom(config: { timeoutMs?: number; retries?: number; backoffMs?: number }): RetryPolicy {
  const policy: RetryPolicy = {
    timeoutMs: config.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    retries: config.retries ?? DEFAULT_HTTP_RETRIES,
    backoffMs: config.backoffMs ?? DEFAULT_RETRY_BACKOFF_MS,
  };
  if (!Number.isFinite(policy.timeoutMs) || policy.timeoutMs <= 0) {
    throw new RoutingError('InvalidInput', `timeoutMs must be a positive number of milliseconds, got ${config.timeoutMs}`);
  }
  if (!Number.isInteger(policy.retries) || policy.retries < 0) {
    throw new RoutingError('InvalidInput', `retries must be a whole number ≥ 0, got ${config.retries}`);
  }
  if (!Number.isFinite(policy.backoffMs) || policy.backoffMs < 0) {
    throw new RoutingError('InvalidInput', `backoffMs must be ≥ 0, got ${config.backoffMs}`);
  }
  return policy;
}

/** Only RoutingUnavailable is worth another attempt: every other code is the backend's considered answer. */
export function isRetryable(e: unknown): e is RoutingError {
  return isRoutingError(e) && e.code === 'RoutingUnavailable';
}

/**
 * Runs `attempt` with a per-attempt timeout and bounded retries. `attempt` gets an AbortSignal that fires
 * at the timeout; an attempt that ignores it is abandoned anyway, so the caller's wait stays bounded.
 * `what` names the backend in messages, e.g. "OSRM at http://127.0.0.1:5000".
 */
export async function runWithRetry<T>(
  policy: RetryPolicy,
  what: string,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  let last: RoutingError | undefined;
  for (let n = 0; n <= policy.retries; n++) {
    if (n > 0) await sleep(policy.backoffMs * 2 ** (n - 1));
    try {
      return await attemptWithTimeout(policy.timeoutMs, what, attempt);
    } catch (e) {
      if (!isRetryable(e)) throw e;
      last = e;
    }
  }
  const attempts = policy.retries + 1;
  throw new RoutingError(
    'RoutingUnavailable',
    `${last?.message ?? `${what} failed`} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
    { cause: last },
  );
}

async function attemptWithTimeout<T>(
  timeoutMs: number,
  what: string,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new RoutingError(
        'RoutingUnavailable',
        `${what} did not answer within ${timeoutMs} ms; check the server or raise ROUTER_TIMEOUT_MS`,
      );
      controller.abort(e);
      reject(e);
    }, timeoutMs);
  });
  try {
    // race() subscribes to both, so a late rejection of the abandoned attempt is handled, not unhandled.
    return await Promise.race([attempt(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
