import type { CandidateBuffer } from './CandidateBuffer';
import {
  R_CAPACITY,
  R_LATE_ARRIVAL,
  R_MAX_RIDE,
  R_MAX_WAIT,
  R_PROMISE,
  R_SHIFT,
  TIME_EPS,
  violatesCapacity,
  violatesMaxRideTime,
  violatesTimeWindow,
} from './constraints';
import { insertionCost } from './insertionCost';
import type { RouteState } from './RouteState';

/**
 * Insertion generator: every place a request's pickup P and dropoff D can go on one route, with an O(1)
 * feasibility pre-filter and the cost of each surviving place.
 *
 * Index rules. Positions are the route's before the insertion: 0 is the vehicle start, m-1 its end.
 * "P after i, D after j" means, for i < j and for i = j:
 *
 *     stop i → P → stop i+1 → ... → stop j → D → stop j+1          stop i → P → D → stop i+1
 *
 * with lockedCount <= i <= j <= m-2 (nothing before a committed stop, nothing after the end).
 *
 * Feasibility per (i, j) in O(1) from RouteState's bounds, where B = earliestS, G = latestS, c = chainS:
 *   capacity   load leaving i..j plus the rider fits: checked as j grows, so the first full stop ends the j loop
 *              ("vehicle full between stops k and k+1" rejects every pair with i <= k <= j);
 *   pickup     lbP = max(eP, B[i] + s[i] + t(i,P)) <= lP;
 *   push       P delays stop i+1 to at least a = lbP + sP + t(P,i+1); a stop k in (i, j] then starts at least
 *              max(B[k], a + c[k] - c[i+1]), which must stay <= G[k]. Over k this is the forward time slack
 *              (Savelsbergh): a - c[i+1] <= min over k in (i, j] of (G[k] - c[k]), a running minimum in the j loop;
 *   dropoff    lbD = max(eD, lbJ + s[j] + t(j,D)) <= lD, and D must let stop j+1 start by G[j+1];
 *   ride       the new rider's no-wait ride t(P,i+1) + c[j] - c[i+1] + s[j] + t(j,D) <= maxRide;
 *              riders already on board over leg i (resp. j) absorb the detour only up to rideSlackS[i] (resp. [j]).
 * Each test is necessary, not sufficient: B and G are bounds of the route without the request, and a rider on
 * board over both legs i and j pays both detours. So the finder re-checks the cheapest survivors exactly
 * (ScheduleScratch.earliest, O(m)) before accepting one. The pre-filter assumes travel times obey the triangle
 * inequality; where a matrix does not, it may drop a feasible place, never admit an infeasible one.
 *
 * Cost of a place: the added distance and vehicle time, the new rider's wait and ride (insertionCost), and the
 * longer ride of the people already on board (riderRide per person-second): over leg i each rides P's detour
 * (t(i,P) + sP + t(P,i+1) - t(i,i+1)), over leg j D's; for i = j the whole detour. It is an upper bound (a vehicle
 * that would have waited further on absorbs part of it) in O(1). Without it a vehicle carrying a party took them on
 * a side trip to save the new rider less time than it cost them, and those minutes are loaded km
 * (docs/benchmarks.md, dispatch quality; onboardDelay.test.ts). Likewise the longer wait of the riders still to be
 * picked up after the insertion (riderWait per person-second of the detours before their pickup, waitingFrom): without
 * it a rider promised a pickup was kept waiting by each later rider slipped in ahead, while a vehicle stood idle
 * (waitingDelay.test.ts). That push is read off the earliest schedule at stop i+1 (resp. j+1), so a vehicle waiting at
 * P for the new rider's window counts too; it is an upper bound, as a later wait for a window absorbs part of it.
 *
 * Writes (i, j, cost) of each survivor to `out` (cleared first), and counts rejections by reason in `reasons`.
 * Allocates nothing.
 */
export function generateInsertions(route: RouteState, request: number, out: CandidateBuffer, reasons: Int32Array): void {
  out.clear();
  const p = route.problem;
  const tt = p.travelTimes;
  const w = p.weights;
  const P = 2 * request;
  const D = P + 1;
  const nP = p.node[P];
  const nD = p.node[D];
  const eP = p.earliestS[P];
  const lP = p.latestS[P];
  const sP = p.serviceS[P];
  const eD = p.earliestS[D];
  const lD = p.latestS[D];
  const sD = p.serviceS[D];
  const maxRide = p.maxRideS[request];
  const qS = p.seatsDelta[P];
  const qW = p.wheelchairsDelta[P];
  const v = route.vehicle;
  const capS = p.seatCapacity[v];
  const capW = p.wheelchairCapacity[v];
  const m = route.m;
  const stops = route.stops;
  const B = route.earliestS;
  const G = route.latestS;
  const c = route.chainS;
  const loadS = route.seatsAfter;
  const loadW = route.wheelchairsAfter;
  const slack = route.rideSlackS;
  const waiting = route.waitingFrom;
  const tPD = tt.durationS(nP, nD);
  const dPD = tt.distanceM(nP, nD);
  const last = m - 1;

  // G never decreases along a route, so the first i whose successor can still follow P is found by bisection.
  let lo = route.lockedCount;
  let hi = m - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (violatesTimeWindow(eP + sP, G[mid + 1])) lo = mid + 1;
    else hi = mid;
  }
  if (lo > route.lockedCount) reasons[R_PROMISE]++;

  for (let i = lo; i <= m - 2; i++) {
    if (violatesCapacity(loadS[i] + qS, capS) || violatesCapacity(loadW[i] + qW, capW)) {
      reasons[R_CAPACITY]++;
      continue;
    }
    const a = stops[i];
    const na = p.node[a];
    const nb = p.node[stops[i + 1]];
    const tAP = tt.durationS(na, nP);
    const tPB = tt.durationS(nP, nb);
    const tAB = tt.durationS(na, nb);
    const lbP = Math.max(eP, B[i] + p.serviceS[a] + tAP);
    if (violatesTimeWindow(lbP, lP)) {
      reasons[R_MAX_WAIT]++;
      if (violatesTimeWindow(B[i], lP)) break; // every later stop starts later still
      continue;
    }
    const dAP = tt.distanceM(na, nP);
    const dAB = tt.distanceM(na, nb);

    // j = i: stop i → P → D → stop i+1
    {
      const tDB = tt.durationS(nD, nb);
      const lbD = Math.max(eD, lbP + sP + tPD);
      if (violatesTimeWindow(lbD, lD)) reasons[R_LATE_ARRIVAL]++;
      else if (violatesMaxRideTime(tPD, maxRide) || violatesMaxRideTime(lbD - lP - sP, maxRide)) reasons[R_MAX_RIDE]++;
      else if (violatesTimeWindow(lbD + sD + tDB, G[i + 1])) reasons[i + 1 === last ? R_SHIFT : R_PROMISE]++;
      else if (tAP + sP + tPD + sD + tDB - tAB > slack[i] + TIME_EPS) reasons[R_PROMISE]++;
      else {
        // Appended before a free end: only the drive to P and on to D is added (see DispatchProblem.freeReturn).
        const open = p.freeReturn && i + 1 === last;
        const addedDist = open ? dAP + dPD : dAP + dPD + tt.distanceM(nD, nb) - dAB;
        const addedTravel = open ? tAP + tPD : tAP + tPD + tDB - tAB;
        // The people on board over leg i ride the whole detour longer (P, D and their dwells).
        const othersRideS = loadS[i] * (addedTravel + sP + sD);
        // Those still to be picked up after the insertion wait as long longer as stop i+1 is pushed (the push only
        // shrinks further on, where a vehicle would have waited).
        const othersWaitS = waiting[i + 1] * Math.max(0, lbD + sD + tDB - B[i + 1]);
        out.push(i, i, insertionCost(w, addedDist, addedTravel, lbP - eP, lbD - lbP - sP) + w.riderRide * othersRideS + w.riderWait * othersWaitS);
      }
    }

    // j > i: stop i → P → stop i+1 ... stop j → D → stop j+1
    if (i + 1 > m - 2) continue;
    const arriveNext = lbP + sP + tPB;
    if (violatesTimeWindow(arriveNext, G[i + 1])) {
      reasons[i + 1 === last ? R_SHIFT : R_PROMISE]++;
      continue;
    }
    if (tAP + sP + tPB - tAB > slack[i] + TIME_EPS) {
      reasons[R_PROMISE]++;
      continue;
    }
    const addedDistP = dAP + tt.distanceM(nP, nb) - dAB;
    const addedTravelP = tAP + tPB - tAB;
    const base = arriveNext - c[i + 1];
    let segmentMin = Infinity;
    for (let j = i + 1; j <= m - 2; j++) {
      if (violatesCapacity(loadS[j] + qS, capS) || violatesCapacity(loadW[j] + qW, capW)) {
        reasons[R_CAPACITY]++;
        break;
      }
      const g = G[j] - c[j];
      if (g < segmentMin) segmentMin = g;
      if (violatesTimeWindow(base, segmentMin)) {
        reasons[R_PROMISE]++;
        break;
      }
      const noWaitToJ = tPB + c[j] - c[i + 1];
      if (violatesMaxRideTime(noWaitToJ, maxRide)) {
        reasons[R_MAX_RIDE]++;
        break;
      }
      if (violatesTimeWindow(eD + sD, G[j + 1])) continue; // D cannot come before stop j+1
      const cj = stops[j];
      const nc = p.node[cj];
      const nd = p.node[stops[j + 1]];
      const sJ = p.serviceS[cj];
      const tCD = tt.durationS(nc, nD);
      const tDd = tt.durationS(nD, nd);
      const tCd = tt.durationS(nc, nd);
      const lbJ = Math.max(B[j], base + c[j]);
      const lbD = Math.max(eD, lbJ + sJ + tCD);
      if (violatesTimeWindow(lbD, lD)) {
        reasons[R_LATE_ARRIVAL]++;
        if (violatesTimeWindow(lbJ, lD)) break;
        continue;
      }
      if (violatesMaxRideTime(noWaitToJ + sJ + tCD, maxRide) || violatesMaxRideTime(lbD - lP - sP, maxRide)) {
        reasons[R_MAX_RIDE]++;
        continue;
      }
      if (violatesTimeWindow(lbD + sD + tDd, G[j + 1])) {
        reasons[j + 1 === last ? R_SHIFT : R_PROMISE]++;
        continue;
      }
      if (tCD + sD + tDd - tCd > slack[j] + TIME_EPS) {
        reasons[R_PROMISE]++;
        continue;
      }
      const open = p.freeReturn && j + 1 === last;
      const addedDist = addedDistP + tt.distanceM(nc, nD) + (open ? 0 : tt.distanceM(nD, nd) - tt.distanceM(nc, nd));
      const addedTravel = addedTravelP + tCD + (open ? 0 : tDd - tCd);
      // The people on board over leg i ride P's detour longer, those on board over leg j D's (over both: both).
      const othersRideS = loadS[i] * (addedTravelP + sP) + loadS[j] * (tCD + sD + tDd - tCd);
      // Those still to be picked up between P and D wait as long longer as P pushes stop i+1, those after D as long
      // as D pushes stop j+1.
      const othersWaitS = (waiting[i + 1] - waiting[j + 1]) * Math.max(0, arriveNext - B[i + 1]) + waiting[j + 1] * Math.max(0, lbD + sD + tDd - B[j + 1]);
      out.push(i, j, insertionCost(w, addedDist, addedTravel, lbP - eP, lbD - lbP - sP) + w.riderRide * othersRideS + w.riderWait * othersWaitS);
    }
  }
}
