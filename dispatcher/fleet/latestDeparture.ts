import { ScheduleFailure, ScheduleScratch } from '../insertion/ScheduleScratch';
import { RouteState } from '../insertion/RouteState';
import type { DispatchPolicy } from './DispatchPolicy';
import { DecisionTravelTimes } from '../insertion/DecisionTravelTimes';
import { compileFleetProblem } from './compileFleetProblem';
import type { FleetTrip, FleetVehicle } from './FleetModel';

/**
 * The latest time a vehicle standing at its first stop can leave it and still keep every promise on its
 * schedule (the greatest feasible schedule, from the legs it already knows). Infinity when nothing after it
 * is promised; `nowS` when some promise is already at risk. Pure.
 */
export function latestDeparture(vehicle: FleetVehicle, trips: ReadonlyMap<string, FleetTrip>, policy: DispatchPolicy, nowS: number): number {
  if (vehicle.stops.length <= 1) return Infinity;
  // Locations: 0 = where the vehicle stands, 1..n its stops, n+1 its depot; only consecutive legs are known.
  const n = vehicle.stops.length;
  const tt = new DecisionTravelTimes(n + 2, -1, -1);
  vehicle.stops.forEach((s, q) => tt.setLeg(q, q + 1, q === 0 ? 0 : s.legS, q === 0 ? 0 : s.legM));
  tt.setLeg(n, n + 1, vehicle.returnLegS, vehicle.returnLegM);
  const loc = { start: [0], stops: [vehicle.stops.map((_, q) => q + 1)], depot: [n + 1] };
  // The promises as they are, without the planning margin: this is about keeping them, not about new offers.
  const exact = { ...policy, promiseMarginS: 0 };
  const { problem, routes } = compileFleetProblem([{ ...vehicle, availableAtS: nowS }], trips, loc, tt, exact, nowS);
  const scratch = new ScheduleScratch(problem);
  const route = new RouteState(problem, 0, routes[0].stops, 0);
  scratch.load(route.vehicle, route.stops, route.m);
  if (scratch.latest() !== ScheduleFailure.None) return nowS;
  // Position 1 is the stop it stands at; leaving it later than the next stop's latest start minus the drive breaks a promise.
  return scratch.y[2] - vehicle.stops[1].legS;
}
