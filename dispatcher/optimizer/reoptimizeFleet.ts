import type { CompiledFleet, FleetLocations } from '../fleet/compileFleetProblem';
import { compileFleetProblem, plannedStopsById } from '../fleet/compileFleetProblem';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import { requestOf } from '../insertion/CompiledProblem';
import { ScheduleFailure, ScheduleScratch } from '../insertion/ScheduleScratch';
import type { TravelTimes } from '../insertion/TravelTimes';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { largeNeighbourhoodSearch } from './largeNeighbourhoodSearch';
import { Plan } from './Plan';

/** A re-plan must save at least this much (cost units) to be worth a transaction and manifest changes. */
export const MIN_IMPROVEMENT = 1;

export interface VehicleSchedule {
  vehicleId: string;
  /** The version the plan was made on: the write fails if the schedule changed meanwhile. */
  expectedVersion: number;
  stops: PlannedStop[];
  returnLegS: number;
  returnLegM: number;
}

export interface Reoptimization {
  costBefore: number;
  costAfter: number;
  /** Only the vehicles whose stop order changed. */
  schedules: VehicleSchedule[];
  moved: Array<{ tripId: string; fromVehicleId: string; toVehicleId: string }>;
}

/**
 * Re-optimizes a group of vehicles (pure): large-neighbourhood search over their not-yet-picked-up trips,
 * keeping every promise (windows, arrivals and ride limits are hard in the compiled problem) and every
 * locked next stop. Returns the changed schedules, or null when nothing better was found.
 */
export function reoptimizeFleet(
  vehicles: readonly FleetVehicle[],
  trips: ReadonlyMap<string, FleetTrip>,
  loc: FleetLocations,
  travelTimes: TravelTimes,
  policy: DispatchPolicy,
  nowS: number,
  search: { timeLimitMs?: number; maxIterations?: number; now?: () => number; seed?: number },
): Reoptimization | null {
  const compiled = compileFleetProblem(vehicles, trips, loc, travelTimes, policy, nowS);
  const scratch = new ScheduleScratch(compiled.problem);
  const start = Plan.fromRoutes(compiled.problem, scratch, compiled.routes);
  if (!start.isFeasible()) {
    // A vehicle already running late (no feasible schedule: the risk reaction's business) is left out of the group,
    // so that it does not keep its neighbours from being re-planned.
    const keep = vehicles.map((_, k) => k).filter((k) => start.route(k).feasible);
    if (keep.length === 0 || keep.length === vehicles.length) return null;
    const sub = { start: keep.map((k) => loc.start[k]), stops: keep.map((k) => loc.stops[k]), depot: keep.map((k) => loc.depot[k]) };
    return reoptimizeFleet(keep.map((k) => vehicles[k]), trips, sub, travelTimes, policy, nowS, search);
  }
  if (start.unassigned.length > 0 || start.movableRequests().length === 0) return null;
  const costBefore = start.routeCost();
  const result = largeNeighbourhoodSearch(start, { ...search, localSearch: true });
  const best = result.plan;
  if (!best.isFeasible() || best.unassigned.length > 0 || best.routeCost() > costBefore - MIN_IMPROVEMENT) return null;
  return { costBefore, costAfter: best.routeCost(), ...changedSchedules(vehicles, compiled, best, travelTimes) };
}

function changedSchedules(vehicles: readonly FleetVehicle[], compiled: CompiledFleet, plan: Plan, tt: TravelTimes) {
  const { problem, stopIds, tripOf } = compiled;
  const byId = plannedStopsById(vehicles, stopIds);
  const scratch = new ScheduleScratch(problem);
  const schedules: VehicleSchedule[] = [];
  const ownerBefore = new Map<string, string>();
  vehicles.forEach((v) => v.stops.forEach((s) => ownerBefore.set(s.tripId, v.id)));
  const moved: Reoptimization['moved'] = [];
  plan.routes.forEach((route, k) => {
    const now = Array.from(route.stops.subarray(1, route.m - 1));
    const same = now.length === stopIds[k].length && now.every((id, q) => id === stopIds[k][q]);
    if (same) return;
    scratch.load(route.vehicle, route.stops, route.m);
    if (scratch.earliest() !== ScheduleFailure.None) throw new Error(`re-plan of vehicle ${vehicles[k].id} has no schedule`);
    const stops: PlannedStop[] = now.map((id, q) => {
      const prev = problem.node[route.stops[q]];
      const node = problem.node[id];
      return { ...byId.get(id)!, plannedArrivalS: scratch.x[q + 1], legS: tt.durationS(prev, node), legM: tt.distanceM(prev, node) };
    });
    const last = problem.node[route.stops[route.m - 2]];
    const depot = problem.node[route.stops[route.m - 1]];
    schedules.push({
      vehicleId: vehicles[k].id,
      expectedVersion: vehicles[k].scheduleVersion,
      stops,
      returnLegS: tt.durationS(last, depot),
      returnLegM: tt.distanceM(last, depot),
    });
    for (const id of now) {
      const tripId = tripOf[requestOf(id)];
      const from = ownerBefore.get(tripId)!;
      if (from !== vehicles[k].id && !moved.some((m) => m.tripId === tripId)) moved.push({ tripId, fromVehicleId: from, toVehicleId: vehicles[k].id });
    }
  });
  return { schedules, moved };
}
