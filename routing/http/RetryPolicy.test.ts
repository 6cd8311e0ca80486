import { RoutingError, isRoutingError } from '../errors';
import { retryPolicyFrom, runWithRetry } from './RetryPolicy';

const policy = retryPolicyFrom({ timeoutMs: 100, retries: 2, backoffMs: 10 });

describe('runWithRetry', () => {
  it('abandons an attempt that ignores the abort signal, so the wait stays bounded', async () => {
    let attempts = 0;
    const t0 = performance.now();
    const err = await runWithRetry(policy, 'a hung engine', () => {
      attempts++;
      return new Promise<never>(() => {});
    }).catch((e: unknown) => e);
    expect(isRoutingError(err) && err.code).toBe('RoutingUnavailable');
    expect(String(err)).toMatch(/a hung engine did not answer within 100 ms.*gave up after 3 attempts/);
    expect(attempts).toBe(3);
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('does not repeat an answer such as NoRoute', async () => {
    let attempts = 0;
    const err = await runWithRetry(policy, 'engine', async () => {
      attempts++;
      throw new RoutingError('NoRoute', 'no road');
    }).catch((e: unknown) => e);
    expect(isRoutingError(err) && err.code).toBe('NoRoute');
    expect(attempts).toBe(1);
  });

  it('succeeds on a later attempt after an outage', async () => {
    let attempts = 0;
    const value = await runWithRetry(policy, 'engine', async () => {
      if (++attempts < 3) throw new RoutingError('RoutingUnavailable', 'refused');
      return 42;
    });
    expect(value).toBe(42);
  });

  it('hands each attempt a signal that aborts at the timeout', async () => {
    const signals: AbortSignal[] = [];
    await runWithRetry({ ...policy, retries: 0 }, 'engine', (signal) => {
      signals.push(signal);
      return new Promise<never>(() => {});
    }).catch(() => undefined);
    expect(signals[0]!.aborted).toBe(true);
  });
});
