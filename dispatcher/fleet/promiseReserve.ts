import type { DispatchPolicy } from './DispatchPolicy';

/**
 * How much of a promise planning keeps in reserve (s, pure): the planning margin, or `promiseMarginShare` of the time
 * left until the promise ends, whichever is more. An estimate errs more the farther ahead it looks (traffic, noise,
 * dwell): a pickup 14 min out planned a minute inside its window is late about as often as not, one 2 min out is
 * not. A new offer's pickup is therefore planned with more to spare the farther off its window ends (decideRequest).
 */
export function promiseReserveS(policy: Pick<DispatchPolicy, 'promiseMarginS' | 'promiseMarginShare'>, latestS: number, nowS: number): number {
  return Math.max(policy.promiseMarginS, policy.promiseMarginShare * Math.max(0, latestS - nowS));
}
