import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';
import type { MeetingPointSet } from './MeetingPointSet';

/** A walk between where the rider is (or goes) and a meeting point, as estimated for the promise. */
export interface MeetingWalk {
  meetingPointId: string;
  /** Where the vehicle stops. */
  location: LngLat;
  walkM: number;
  walkS: number;
}

/** How walks are estimated and limited. */
export interface WalkRules {
  /** Farthest walk to or from a meeting point (m): the zone's maxWalkM, else the policy's default. */
  walkLimitM: number;
  /** A walking pace riders keep (m/s). */
  walkSpeedMps: number;
  /** Walking distance over the straight line (streets are not straight): the estimate errs long. */
  walkDetourFactor: number;
  /** Meeting points tried per end of a trip, nearest first. */
  maxPerEnd: number;
  /** A point this close to the curb the vehicle would stop at anyway saves nothing. */
  minShiftM: number;
}

/**
 * The meeting points a rider at `door` could walk to, nearest first: the walk estimated as the straight line times
 * the detour factor, within the limit, and not next to the curb (`curb`) the vehicle would use anyway. Pure.
 */
export function walksNear(door: LngLat, curb: LngLat, points: MeetingPointSet, rules: WalkRules): MeetingWalk[] {
  const reachM = rules.walkLimitM / rules.walkDetourFactor;
  const walks: MeetingWalk[] = [];
  for (const { point, straightM } of points.within(door, reachM, rules.maxPerEnd + 4)) {
    if (distanceM(point.location, curb) < rules.minShiftM) continue;
    const walkM = straightM * rules.walkDetourFactor;
    walks.push({ meetingPointId: point.id, location: point.location, walkM, walkS: Math.ceil(walkM / rules.walkSpeedMps) });
    if (walks.length >= rules.maxPerEnd) break;
  }
  return walks;
}

/** One way to serve a request: curb or meeting point at each end, with what the decision made of it. */
export interface MeetingOption<T> {
  pickup: MeetingWalk | null;
  dropoff: MeetingWalk | null;
  /** Seconds the chosen vehicle drives more with this rider than without. */
  vehicleAddedS: number;
  /** The promise the decision would make: the vehicle's pickup window at the stop, and its latest arrival there. */
  pickupEarliestS: number;
  arriveByS: number;
  decision: T;
}

export interface ChooseRules {
  nowS: number;
  /** Latest the rider may reach their destination, door to door (the walk from a drop-off point included). */
  doorArriveByS: number;
  walkLimitM: number;
  /** A meeting point must save the vehicle at least this many seconds over the curb to be proposed. */
  minSavingS: number;
}

/**
 * Whether a rider can keep this option: each walk within the limit, the pickup window opening no sooner than the
 * rider can walk to the point from now, and the arrival plus the walk on within the door-to-door limit.
 */
export function keepsWalkingPromise(o: MeetingOption<unknown>, rules: ChooseRules): boolean {
  const toS = o.pickup?.walkS ?? 0;
  const fromS = o.dropoff?.walkS ?? 0;
  if ((o.pickup?.walkM ?? 0) > rules.walkLimitM || (o.dropoff?.walkM ?? 0) > rules.walkLimitM) return false;
  return o.pickupEarliestS >= Math.floor(rules.nowS + toS) && o.arriveByS + fromS <= rules.doorArriveByS;
}

/**
 * The option to offer (pure). The curb (both ends null) unless a meeting point option the rider can keep saves the
 * vehicle at least minSavingS; when the curb fits no vehicle, the keepable option that adds the least vehicle time.
 * Among meeting point options, the least vehicle time wins, then the shorter total walk. Null when none is feasible.
 */
export function chooseMeetingPoint<T>(curb: MeetingOption<T> | null, alternatives: readonly MeetingOption<T>[], rules: ChooseRules): MeetingOption<T> | null {
  let best: MeetingOption<T> | null = null;
  const walk = (o: MeetingOption<T>) => (o.pickup?.walkM ?? 0) + (o.dropoff?.walkM ?? 0);
  for (const o of alternatives) {
    if ((o.pickup === null && o.dropoff === null) || !keepsWalkingPromise(o, rules)) continue;
    if (!best || o.vehicleAddedS < best.vehicleAddedS || (o.vehicleAddedS === best.vehicleAddedS && walk(o) < walk(best))) best = o;
  }
  if (!curb) return best;
  if (best && curb.vehicleAddedS - best.vehicleAddedS >= rules.minSavingS) return best;
  return curb;
}
