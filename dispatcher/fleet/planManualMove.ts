import type { MoveViolation } from '../../protocol/operator';
import { requestOf } from '../insertion/CompiledProblem';
import { TIME_EPS } from '../insertion/constraints';
import { ScheduleFailure, ScheduleScratch } from '../insertion/ScheduleScratch';
import type { TravelTimes } from '../insertion/TravelTimes';
import { compileFleetProblem, type FleetLocations, plannedStopsById } from './compileFleetProblem';
import type { DispatchPolicy } from './DispatchPolicy';
import type { FleetTrip, FleetVehicle, PlannedStop } from './FleetModel';

export interface ManualMove {
  /** What the move breaks at the best place found on the target (empty: nothing). */
  violations: MoveViolation[];
  /** The vehicle the trip leaves, without its stops, and the target with them: both re-timed. */
  from: { stops: PlannedStop[]; returnLegS: number; returnLegM: number };
  to: { stops: PlannedStop[]; returnLegS: number; returnLegM: number };
  pickupAtS: number;
  dropoffAtS: number;
}

export type ManualMoveOutcome = { ok: true; move: ManualMove } | { ok: false; why: 'OnBoard' | 'PickupLocked' };

const iso = (s: number) => new Date(Math.round(s) * 1000).toISOString().replace('.000Z', 'Z');
const min = (s: number) => `${Math.ceil(s / 60)} min`;

/**
 * An operator moving a trip to a chosen vehicle (pure). Promises and the shift end are relaxed so that every place
 * on the target's route has a schedule (its breaks are kept: the vehicle always waits them out); each place is then
 * judged against the real promises, capacity and shift end, and the best is chosen: no full vehicle or shift
 * overrun first, then the least lateness, then the least driving. Its violations say what the move would break.
 *
 * `vehicles` = [from, to]; the trip is on `from`. Locations as fleetLocations([from, to]) lays them out.
 */
export function planManualMove(
  vehicles: readonly [FleetVehicle, FleetVehicle],
  trips: ReadonlyMap<string, FleetTrip>,
  tripId: string,
  loc: FleetLocations,
  tt: TravelTimes,
  policy: DispatchPolicy,
  nowS: number,
): ManualMoveOutcome {
  const [from, to] = vehicles;
  const moving = trips.get(tripId);
  if (!moving || moving.onBoard) return { ok: false, why: 'OnBoard' };
  const pickupAt = from.stops.findIndex((s) => s.tripId === tripId && s.kind === 'pickup');
  if (pickupAt < 0) return { ok: false, why: 'OnBoard' };
  if (pickupAt < from.lockedCount) return { ok: false, why: 'PickupLocked' };

  // Relaxed: no promise, ride limit or shift end binds, so the schedule of every place exists; the moving trip's pin
  // (if any) yields to the operator's explicit move.
  const relaxed = new Map<string, FleetTrip>();
  for (const [id, t] of trips) relaxed.set(id, { ...t, pickupLatestS: Infinity, arriveByS: Infinity, maxRideS: Infinity, pinned: false });
  const open = (v: FleetVehicle): FleetVehicle => ({ ...v, shiftEndS: Infinity });
  const compiled = compileFleetProblem([open(from), open(to)], relaxed, loc, tt, policy, nowS);
  const { problem, stopIds, tripOf } = compiled;
  const r = tripOf.indexOf(tripId);
  const P = 2 * r;
  const D = P + 1;
  const scratch = new ScheduleScratch(problem);

  const toStops = Int32Array.from([problem.startOf(1), ...stopIds[1], problem.endOf(1)]);
  const judge = (): { violations: MoveViolation[]; hard: number; lateS: number } => {
    const violations: MoveViolation[] = [];
    let lateS = 0;
    const { x, s, partner, m } = scratch;
    let seats = problem.initialSeats[1];
    let wheelchairs = problem.initialWheelchairs[1];
    let full = false;
    for (let k = 1; k < m - 1; k++) {
      const id = scratch.stop[k];
      seats += problem.seatsDelta[id];
      wheelchairs += problem.wheelchairsDelta[id];
      if (seats > problem.seatCapacity[1] || wheelchairs > problem.wheelchairCapacity[1]) full = true;
      const trip = trips.get(tripOf[requestOf(id)])!;
      const pickup = (id & 1) === 0;
      const latest = pickup ? trip.pickupLatestS : trip.arriveByS;
      if (x[k] > latest + TIME_EPS) {
        const byS = x[k] - latest;
        lateS += byS;
        violations.push({
          code: pickup ? 'LatePickup' : 'LateArrival',
          tripId: trip.id,
          byS,
          overridable: true,
          message: `Trip ${trip.id} would be ${pickup ? 'picked up' : 'dropped off'} ${min(byS)} late (promised by ${iso(latest)})`,
        });
      }
      const a = partner[k];
      if (a >= 0) {
        const ride = x[k] - x[a] - s[a];
        if (ride > trip.maxRideS + TIME_EPS) {
          lateS += ride - trip.maxRideS;
          violations.push({ code: 'RideTooLong', tripId: trip.id, byS: ride - trip.maxRideS, overridable: true, message: `Trip ${trip.id} would ride ${min(ride)}, more than its limit of ${min(trip.maxRideS)}` });
        }
      }
    }
    let hard = 0;
    if (full) {
      hard++;
      violations.push({ code: 'VehicleFull', overridable: false, message: `Vehicle ${to.id} would carry more riders than its ${to.seats} seats and ${to.wheelchairs} wheelchair places` });
    }
    const back = x[m - 1];
    if (back > to.shiftEndS + TIME_EPS) {
      hard++;
      violations.push({ code: 'ShiftEnd', byS: back - to.shiftEndS, overridable: false, message: `Vehicle ${to.id} would be back at its depot ${min(back - to.shiftEndS)} after its shift ends (${iso(to.shiftEndS)})` });
    }
    return { violations, hard, lateS };
  };

  // Every place on the target: stop i → P → ... → stop j → D, after its locked stops.
  let best: { i: number; j: number; hard: number; lateS: number; driveS: number } | null = null;
  const m = toStops.length;
  for (let i = Math.min(to.lockedCount, m - 2); i <= m - 2; i++) {
    for (let j = i; j <= m - 2; j++) {
      scratch.load(1, toStops, m, P, i, D, j);
      if (scratch.earliest() !== ScheduleFailure.None) continue;
      const { hard, lateS } = judge();
      let driveS = 0;
      for (let k = 0; k < scratch.m - 1; k++) driveS += scratch.tt[k];
      const better = !best || hard < best.hard || (hard === best.hard && (lateS < best.lateS - TIME_EPS || (Math.abs(lateS - best.lateS) <= TIME_EPS && driveS < best.driveS - TIME_EPS)));
      if (better) best = { i, j, hard, lateS, driveS };
    }
  }
  if (!best) throw new Error(`no schedule for trip ${tripId} on vehicle ${to.id} even with promises relaxed`);

  scratch.load(1, toStops, m, P, best.i, D, best.j);
  scratch.earliest();
  const { violations } = judge();
  const promiseBroken = violations.some((v) => v.overridable);
  if (promiseBroken && problem.breaksOf[1].length > 0) {
    // Would the promises hold if the driver skipped the break? Then it is the break that breaks them.
    scratch.ignoreBreaks = true;
    scratch.load(1, toStops, m, P, best.i, D, best.j);
    scratch.earliest();
    const without = judge();
    scratch.ignoreBreaks = false;
    if (!without.violations.some((v) => v.overridable)) {
      const b = to.breaks!.map((w) => `${iso(w.startS)}–${iso(w.endS)}`).join(', ');
      violations.push({ code: 'BreakWindow', overridable: true, message: `Vehicle ${to.id} waits out its driver break (${b}); that makes the promises above late` });
    }
    scratch.load(1, toStops, m, P, best.i, D, best.j);
    scratch.earliest();
  }

  const byId = plannedStopsById([from, to], stopIds);
  const lay = (vehicle: number): { stops: PlannedStop[]; returnLegS: number; returnLegM: number } => {
    const stops: PlannedStop[] = [];
    for (let k = 1; k < scratch.m - 1; k++) {
      const prev = problem.node[scratch.stop[k - 1]];
      const node = problem.node[scratch.stop[k]];
      stops.push({ ...byId.get(scratch.stop[k])!, plannedArrivalS: scratch.x[k], legS: tt.durationS(prev, node), legM: tt.distanceM(prev, node) });
    }
    const last = problem.node[scratch.stop[scratch.m - 2]];
    const depot = problem.node[problem.endOf(vehicle)];
    return { stops, returnLegS: tt.durationS(last, depot), returnLegM: tt.distanceM(last, depot) };
  };
  const toPlan = lay(1);
  const pickupAtS = toPlan.stops.find((s) => s.tripId === tripId && s.kind === 'pickup')!.plannedArrivalS;
  const dropoffAtS = toPlan.stops.find((s) => s.tripId === tripId && s.kind === 'dropoff')!.plannedArrivalS;

  const fromStops = Int32Array.from([problem.startOf(0), ...stopIds[0].filter((id) => id !== P && id !== D), problem.endOf(0)]);
  scratch.load(0, fromStops, fromStops.length);
  scratch.earliest();
  const fromPlan = lay(0);
  return { ok: true, move: { violations, from: fromPlan, to: toPlan, pickupAtS, dropoffAtS } };
}
