import { BestInsertionFinder, type InsertionResult } from '../insertion/BestInsertionFinder';
import { INFEASIBLE, type InsertionRejection, R_MAX_WAIT } from '../insertion/constraints';
import type { TracedCandidate } from './DecisionTrace';
import type { Request } from '../insertion/model';
import { compileFleetProblem, plannedStopsById } from '../fleet/compileFleetProblem';
import { promiseReserveS } from '../fleet/promiseReserve';
import { RouteState } from '../insertion/RouteState';
import { ScheduleFailure, ScheduleScratch } from '../insertion/ScheduleScratch';
import { DecisionTravelTimes } from '../insertion/DecisionTravelTimes';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import type { RejectionReason } from '../../protocol/trips';
import { type DispatchPolicy, maxRideS } from '../fleet/DispatchPolicy';
import type { Decision, DecisionLocations, NewStopLegs, RequestDraft } from './decideRequest';

function routeStates(compiled: ReturnType<typeof compileFleetProblem>, scratch: ScheduleScratch): RouteState[] {
  return compiled.routes.map((vr) => {
    const route = new RouteState(compiled.problem, vr.vehicle, vr.stops, vr.lockedCount);
    route.refresh(scratch);
    return route;
  });
}

/** Re-runs the insertion check route by route (only when tracing) to say why each candidate was refused. */
function traceCandidates(
  vehicles: readonly FleetVehicle[],
  loc: DecisionLocations,
  legs: NewStopLegs,
  routes: readonly RouteState[],
  finder: BestInsertionFinder,
  r: number,
  found: InsertionResult,
): TracedCandidate[] {
  const chosen = found.ok ? found.insertion.routeIndex : -1;
  return routes.map((route, k) => {
    finder.resetReasons();
    const cost = finder.bestInRoute(route, r);
    const feasible = cost < INFEASIBLE;
    return {
      vehicleId: vehicles[k].id,
      plannedStops: vehicles[k].stops.length,
      toPickupS: legs.toNewS[loc.start[k]][0],
      cost: feasible ? cost : null,
      refused: feasible ? null : finder.mainReason(),
      chosen: k === chosen,
    };
  });
}

const REASONS: Record<InsertionRejection, RejectionReason> = {
  CapacityExceeded: 'CapacityExceeded',
  MaxWaitExceeded: 'MaxWaitExceeded',
  LatestArrivalExceeded: 'LatestArrivalExceeded',
  MaxRideExceeded: 'MaxRideExceeded',
  PromiseBroken: 'NoVehicleInReach',
  ShiftEnds: 'ShiftEnds',
  NoVehicle: 'NoVehicleInReach',
};

/**
 * The candidates of one request compiled once into an insertion problem with their route states, so the request
 * can be decided at several pairs of ends (the curbs, each meeting point) without compiling them again for each:
 * only the new pickup and drop-off (their travel times, windows and ride limit) change between two decide calls,
 * and no candidate's route reads them. Each decide call gives exactly what decideRequest gives on the same input.
 * The frame reads a snapshot: the vehicles and trips must not change while it is used.
 */
export class CandidateFrame {
  private readonly tt: DecisionTravelTimes;
  private readonly compiled: ReturnType<typeof compileFleetProblem>;
  private readonly scratch: ScheduleScratch;
  private readonly routes: RouteState[];
  private readonly finder: BestInsertionFinder;
  /** The rider being decided: the problem's last request. */
  private readonly r: number;
  /** Travel times of an earlier decide call sit in tt (to clear before the next). */
  private used = false;

  constructor(
    private readonly nowS: number,
    private readonly vehicles: readonly FleetVehicle[],
    trips: ReadonlyMap<string, FleetTrip>,
    private readonly loc: DecisionLocations,
    policy: DispatchPolicy,
  ) {
    const n = loc.points.length;
    const tt = new DecisionTravelTimes(n, loc.P, loc.D);
    vehicles.forEach((v, k) => {
      let prev = loc.start[k];
      v.stops.forEach((s, q) => {
        tt.setLeg(prev, loc.stops[k][q], s.legS, s.legM);
        prev = loc.stops[k][q];
      });
      tt.setLeg(prev, loc.depot[k], v.returnLegS, v.returnLegM);
    });
    // A placeholder for the new rider, replaced by each decide call; no candidate's route holds it.
    const placeholder: Request = {
      pickup: { node: loc.P, earliestS: 0, latestS: 0, serviceS: 0 },
      dropoff: { node: loc.D, earliestS: 0, latestS: 0, serviceS: 0 },
      seats: 0,
      wheelchairs: 0,
      maxRideS: 0,
    };
    // A vehicle running behind its plan may have no schedule inside the margins: it takes no one new (the finder skips
    // a route without a schedule) rather than have the margin kept for its riders given away.
    this.compiled = compileFleetProblem(vehicles, trips, loc, tt, policy, nowS, [placeholder]);
    this.tt = tt;
    this.scratch = new ScheduleScratch(this.compiled.problem);
    this.routes = routeStates(this.compiled, this.scratch);
    this.finder = new BestInsertionFinder(this.compiled.problem, this.scratch);
    this.r = this.compiled.problem.requestCount - 1;
  }

  /**
   * The decision with the new stops at `draft.pickup` and `draft.dropoff` (the locations' P and D), travel to and from
   * them in `legs`. `policy` may differ from the frame's only in its trace (its weights and margins are compiled in).
   */
  decide(draft: RequestDraft, legs: NewStopLegs, policy: DispatchPolicy, unreachable = 0): Decision {
    const { nowS } = this;
    if (!policy.trace) return this.decideOnce(draft, legs, policy, null, unreachable);
    const traced: { candidates: TracedCandidate[] } = { candidates: [] };
    const decision = this.decideOnce(draft, legs, policy, traced, unreachable);
    policy.trace({
      atS: nowS,
      tripId: draft.tripId,
      requestedPickupS: draft.requestedPickupS,
      recheck: !!draft.promised,
      candidates: traced.candidates,
      outcome: decision.ok ? { ok: true, vehicleId: decision.vehicleId, pickupEtaS: decision.pickupEtaS, cost: decision.cost } : { ok: false, reason: decision.reason },
    });
    return decision;
  }

  private decideOnce(draft: RequestDraft, legs: NewStopLegs, policy: DispatchPolicy, traced: { candidates: TracedCandidate[] } | null, unreachable: number): Decision {
    const { nowS, vehicles, loc, tt, compiled, scratch, routes, finder, r } = this;
    const n = loc.points.length;
    if (this.used) tt.clearNew();
    this.used = true;
    for (let i = 0; i < n; i++) {
      tt.setToNew(i, legs.toNewS[i][0], legs.toNewM[i][0], legs.toNewS[i][1], legs.toNewM[i][1]);
      tt.setFromNew(i, legs.fromNewS[0][i], legs.fromNewM[0][i], legs.fromNewS[1][i], legs.fromNewM[1][i]);
    }

    const rideLimit = maxRideS(policy, draft.directS);
    const earliestPickup = Math.max(draft.requestedPickupS, nowS + (draft.walkToPickupS ?? 0));
    const window = draft.promised ?? {
      pickupEarliestS: earliestPickup,
      pickupLatestS: draft.requestedPickupS + policy.maxWaitS,
      arriveByS: draft.requestedPickupS + policy.maxWaitS + policy.serviceS + rideLimit - (draft.walkFromDropoffS ?? 0),
    };
    // A new offer keeps the promise margin for itself too; re-checking an offer only has to keep what was shown.
    // The margin grows with how far ahead the promise ends (promiseReserveS): far-off pickups get more to spare.
    const margin = (latestS: number) => (draft.promised ? 0 : promiseReserveS(policy, latestS, Math.max(nowS, draft.requestedPickupS)));
    const newRequest: Request = {
      pickup: { node: loc.P, earliestS: Math.max(window.pickupEarliestS, nowS), latestS: Math.max(nowS, window.pickupLatestS - margin(window.pickupLatestS)), serviceS: policy.serviceS },
      dropoff: { node: loc.D, earliestS: 0, latestS: window.arriveByS - (draft.promised ? 0 : policy.promiseMarginS), serviceS: policy.serviceS },
      seats: draft.passengers,
      wheelchairs: draft.wheelchairs,
      maxRideS: rideLimit,
    };
    const { problem, stopIds } = compiled;
    problem.setRequest(r, newRequest);
    const found = finder.find(routes, r);
    let refusal = found.ok ? null : found.reason;
    if (refusal !== null && unreachable > 0) {
      // The candidates left out before the tables (mayReachPickup) count in the reason as the finder would have.
      finder.reasons[R_MAX_WAIT] += unreachable;
      refusal = finder.mainReason();
    }
    if (traced) traced.candidates = traceCandidates(vehicles, loc, legs, routes, finder, r, found);
    if (!found.ok) return { ok: false, reason: REASONS[refusal!] };

    const { routeIndex, pickupAfter, dropoffAfter, cost } = found.insertion;
    const route = routes[routeIndex];
    const P = 2 * r;
    const D = P + 1;
    scratch.load(route.vehicle, route.stops, route.m, P, pickupAfter, D, dropoffAfter);
    if (scratch.earliest() !== ScheduleFailure.None) return { ok: false, reason: 'NoVehicleInReach' };

    // Lay out the new sequence: positions 1..m-2 of the scratch are the request stops, in order.
    const vehicle = vehicles[routeIndex];
    const byId = plannedStopsById([vehicle], [stopIds[routeIndex]]);
    const stops: PlannedStop[] = [];
    let pickupEtaS = 0;
    let arrivalEtaS = 0;
    for (let k = 1; k < scratch.m - 1; k++) {
      const id = scratch.stop[k];
      const prevNode = problem.node[scratch.stop[k - 1]];
      const node = problem.node[id];
      const leg = { legS: tt.durationS(prevNode, node), legM: tt.distanceM(prevNode, node), plannedArrivalS: scratch.x[k] };
      if (id === P || id === D) {
        if (id === P) pickupEtaS = scratch.x[k];
        else arrivalEtaS = scratch.x[k];
        stops.push({
          tripId: draft.tripId,
          kind: id === P ? 'pickup' : 'dropoff',
          location: id === P ? draft.pickup : draft.dropoff,
          earliestS: 0,
          latestS: 0,
          serviceS: policy.serviceS,
          ...leg,
        });
      } else {
        stops.push({ ...byId.get(id)!, ...leg });
      }
    }
    const lastNode = problem.node[scratch.stop[scratch.m - 2]];
    const depotNode = problem.node[scratch.stop[scratch.m - 1]];

    const promise = draft.promised ?? {
      pickupEarliestS: Math.floor(Math.max(newRequest.pickup.earliestS, pickupEtaS - policy.promiseBeforeS)),
      pickupLatestS: Math.min(window.pickupLatestS, Math.ceil(pickupEtaS + policy.promiseAfterS)),
      arriveByS: Math.min(window.arriveByS, Math.ceil(arrivalEtaS + policy.arrivalSlackS)),
    };
    for (const s of stops) {
      if (s.tripId !== draft.tripId) continue;
      s.earliestS = s.kind === 'pickup' ? promise.pickupEarliestS : 0;
      s.latestS = s.kind === 'pickup' ? promise.pickupLatestS : promise.arriveByS;
    }
    return {
      ok: true,
      vehicleId: vehicle.id,
      scheduleVersion: vehicle.scheduleVersion,
      stops,
      returnLegS: tt.durationS(lastNode, depotNode),
      returnLegM: tt.distanceM(lastNode, depotNode),
      pickupEtaS,
      arrivalEtaS,
      promise,
      maxRideS: rideLimit,
      cost,
    };
  }
}
