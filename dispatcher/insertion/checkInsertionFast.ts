import { TIME_EPS, violatesMaxDuration, violatesMaxRideTime, violatesTimeWindow } from './constraints';
import type { RouteState } from './RouteState';

/** Verdict of checkInsertionFast. */
export const FastCheck = {
  /** The pushed-forward schedule below meets every constraint: feasible, exactly. */
  Feasible: 0,
  /** A ride or the duration is exceeded in the pushed schedule; delaying pickups might repair it. Run the full check. */
  Unknown: 1,
  /** No schedule exists: a window closes before the earliest possible start at this stop. */
  LateAtPickup: 2,
  LateAtDropoff: 3,
  LateAtEnd: 4,
  LateAtStop: 5,
} as const;
export type FastCheck = (typeof FastCheck)[keyof typeof FastCheck];

/**
 * Exact check of one insertion (P after i, D after j) without laying the route out again.
 *
 * Starting from the route's least schedule B, the insertion pushes stops forward:
 *     x'[k] = B[k] for k <= i;   x'[k] = max(B[k], arrival at k through P and D) after,
 * and the push dies out at the first stop past j that it does not delay, where x' rejoins B. x' is a schedule
 * (chain, earliest times and unchanged rides hold by construction), so if it meets the windows, the rides that
 * changed and the duration, the insertion is feasible. If a window is missed, x' is a lower bound on every schedule
 * of the new route (when the detours are not shorter than the legs they replace), so the insertion is infeasible.
 * Only a ride or duration excess is undecided: picking someone up later might repair it, and the caller runs the
 * full label-correcting check (ScheduleScratch.earliest). Cost: O(stops the push reaches), no allocation.
 *
 * A vehicle with driver breaks is never declared feasible here (the push is linear): Unknown sends it to the full check.
 *
 * `xs` is scratch of at least route.m entries.
 */
export function checkInsertionFast(route: RouteState, P: number, i: number, D: number, j: number, xs: Float64Array): FastCheck {
  const p = route.problem;
  const tt = p.travelTimes;
  const B = route.earliestS;
  const node = route.nodeAt;
  const s = route.serviceAt;
  const l = route.windowEndAt;
  const next = route.travelNextS;
  const m = route.m;
  const nP = p.node[P];
  const nD = p.node[D];
  const sP = p.serviceS[P];
  const sD = p.serviceS[D];
  const eD = p.earliestS[D];
  const lD = p.latestS[D];

  const tAP = tt.durationS(node[i], nP);
  let tJD: number;
  let tDN: number;
  let xP: number;
  let xD = 0;
  let prev: number; // arrival at the old stop being visited
  if (j === i) {
    const tPD = tt.durationS(nP, nD);
    tDN = tt.durationS(nD, node[i + 1]);
    tJD = tPD;
    if (tAP + sP + tPD + sD + tDN < next[i] - TIME_EPS) return FastCheck.Unknown; // a shortcut: B is no bound
    xP = Math.max(p.earliestS[P], B[i] + s[i] + tAP);
    if (violatesTimeWindow(xP, p.latestS[P])) return FastCheck.LateAtPickup;
    xD = Math.max(eD, xP + sP + tPD);
    if (violatesTimeWindow(xD, lD)) return FastCheck.LateAtDropoff;
    prev = xD + sD + tDN;
  } else {
    const tPB = tt.durationS(nP, node[i + 1]);
    tJD = tt.durationS(node[j], nD);
    tDN = tt.durationS(nD, node[j + 1]);
    if (tAP + sP + tPB < next[i] - TIME_EPS || tJD + sD + tDN < next[j] - TIME_EPS) return FastCheck.Unknown;
    xP = Math.max(p.earliestS[P], B[i] + s[i] + tAP);
    if (violatesTimeWindow(xP, p.latestS[P])) return FastCheck.LateAtPickup;
    prev = xP + sP + tPB;
  }

  let last = i; // positions after `last` keep x' = B
  for (let k = i + 1; k < m; k++) {
    if (k > j && prev <= B[k]) break;
    let x = B[k];
    if (prev > x) {
      x = prev;
      if (violatesTimeWindow(x, l[k])) return k === m - 1 ? FastCheck.LateAtEnd : FastCheck.LateAtStop;
    }
    xs[k] = x;
    last = k;
    if (k === j) {
      xD = Math.max(eD, x + s[k] + tJD);
      if (violatesTimeWindow(xD, lD)) return FastCheck.LateAtDropoff;
      prev = xD + sD + tDN;
    } else {
      prev = x + s[k] + next[k];
    }
  }

  if (violatesMaxRideTime(xD - xP - sP, p.maxRideS[P >> 1])) return FastCheck.Unknown;
  const partner = route.partnerAt;
  const maxRide = route.maxRideAt;
  for (let b = i + 1; b <= last; b++) {
    const a = partner[b];
    if (a < 0) continue;
    const xa = a <= i ? B[a] : xs[a];
    if (violatesMaxRideTime(xs[b] - xa - s[a], maxRide[b])) return FastCheck.Unknown;
  }
  const end = last === m - 1 ? xs[m - 1] : B[m - 1];
  if (violatesMaxDuration(end - B[0], p.maxDurationS[route.vehicle])) return FastCheck.Unknown;
  // x' pushes legs linearly and may run through a driver's break; only the full check (ScheduleScratch) knows.
  // Its refusals above stand: a break only delays, so x' is still a lower bound.
  if (p.breaksOf[route.vehicle].length > 0) return FastCheck.Unknown;
  return FastCheck.Feasible;
}
