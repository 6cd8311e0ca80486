import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetTrip } from '../fleet/FleetModel';

/** A rider's promise as the event log and the rider page carry it (epoch seconds). */
export interface PromiseWindow {
  pickupEarliestS: number;
  pickupLatestS: number;
  latestArrivalS: number;
}

export function promiseOf(trip: Pick<FleetTrip, 'pickupEarliestS' | 'pickupLatestS' | 'arriveByS'>): PromiseWindow {
  return { pickupEarliestS: trip.pickupEarliestS, pickupLatestS: trip.pickupLatestS, latestArrivalS: trip.arriveByS };
}

/**
 * The promise a rider is told when the old one cannot be kept (pure): the window opens as before and closes at the
 * new estimate plus the margin kept in reserve; the latest arrival likewise. A promise only ever moves later, never
 * tighter, and an on-board rider's pickup (already done) stays as it was.
 */
export function movedPromise(
  before: PromiseWindow,
  estimate: { pickupS: number | null; arrivalS: number },
  marginS: number,
): PromiseWindow {
  const pickupLatestS = estimate.pickupS === null ? before.pickupLatestS : Math.max(before.pickupLatestS, Math.ceil(estimate.pickupS + marginS));
  return {
    pickupEarliestS: before.pickupEarliestS,
    pickupLatestS,
    latestArrivalS: Math.max(before.latestArrivalS, Math.ceil(estimate.arrivalS + marginS)),
  };
}

/**
 * Slack a moved promise keeps after the new estimate: half the slack a first promise gets after its planned pickup
 * (`promiseAfterS`), at least the planning margin. A vehicle already late drifts more; a promise moved with a minute
 * to spare would move again at the next jam, and every move is one more message to the rider.
 */
export function movedPromiseSlackS(policy: Pick<DispatchPolicy, 'promiseAfterS' | 'promiseMarginS'>): number {
  return Math.max(policy.promiseMarginS, policy.promiseAfterS / 2);
}
