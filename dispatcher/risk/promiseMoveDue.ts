import type { FleetTrip } from '../fleet/FleetModel';
import type { PromiseAtRisk } from './findPromisesAtRisk';

/** When a promise no vehicle can keep is moved (and the rider told), with the defaults. */
export const PROMISE_MOVE_DEFAULTS = Object.freeze({
  /**
   * A live ETA this far ahead errs by about this share of the time to go (traffic, dwell, late riders, GPS): a stop
   * 10 min out estimated 60 s late is as likely to be on time, and a promise moved on such a guess frees the plan to
   * make it late for real.
   */
  uncertaintyShare: 0.25,
  /** Once the promise ends within this (s), any estimated lateness moves it: the rider is told before it breaks. */
  tellLeadS: 120,
});

export type PromiseMoveOptions = { readonly [K in keyof typeof PROMISE_MOVE_DEFAULTS]: number };

/**
 * Whether a promise at risk that no vehicle can keep must move now (pure): when the estimated lateness exceeds what
 * the estimate may be off by this far ahead (`uncertaintyShare` of the time to the stop), or when the promise ends
 * within `tellLeadS`. Otherwise it is kept as it is and looked at again on the next fixes: the estimate comes closer,
 * the delay is made up or confirmed, and other vehicles may free up. Early warnings (expectedLateS ≤ 0) never move.
 */
export function promiseMoveDue(
  risk: Pick<PromiseAtRisk, 'what' | 'expectedLateS'>,
  trip: Pick<FleetTrip, 'pickupLatestS' | 'arriveByS'>,
  nowS: number,
  options: PromiseMoveOptions = PROMISE_MOVE_DEFAULTS,
): boolean {
  if (!(risk.expectedLateS > 0)) return false;
  const promisedS = risk.what === 'pickup' ? trip.pickupLatestS : trip.arriveByS;
  if (promisedS - nowS <= options.tellLeadS) return true;
  const toGoS = Math.max(0, promisedS + risk.expectedLateS - nowS);
  return risk.expectedLateS > options.uncertaintyShare * toGoS;
}
