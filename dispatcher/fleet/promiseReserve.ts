import type { DispatchPolicy } from './DispatchPolicy';

/**
 * How much of a promise planning keeps in reserve (s, pure): the planning margin, or `promiseMarginShare` of the time
 * left until the promise ends, whichever is more. An estimate errs more the farther ahead it looks (traffic, noise,
 * dwell): a pickup 14 min out planned a minute inside its window is late about as often as not, one 2 min out is
 * not. A new offer's pickup is therefore planned with more to spare the farther off its window ends (decideRequest).
 * The time left counts from `fromS`: now, or the requested pickup time when that is later. A pre-booked pickup (days
 * ahead, or a recurring trip released hours ahead) keeps a share of its own window, not of the days until it: its
 * plan is driven, and re-estimated, only as its time comes.
 */
export function promiseReserveS(policy: Pick<DispatchPolicy, 'promiseMarginS' | 'promiseMarginShare'>, latestS: number, fromS: number): number {
  return Math.max(policy.promiseMarginS, policy.promiseMarginShare * Math.max(0, latestS - fromS));
}
