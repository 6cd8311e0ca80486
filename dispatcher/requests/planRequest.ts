import type { Router } from '../../routing/Router';
import type { FleetState } from '../fleet/FleetState';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import { decideRequest, decisionLocations, type Decision, type RequestDraft } from './decideRequest';

/**
 * One request through the dispatch pipeline: R-tree candidates within reach of the pickup, travel to
 * and from the new stops in one batched table call each way, then the pure decision.
 * `candidates` may be passed to skip the R-tree (the benchmark's baseline scans every vehicle).
 *
 * The decision reads a snapshot of the candidates and their trips copied before the router is awaited: a commit, a
 * stop event or a re-optimizer result landing meanwhile changes the live fleet, not the view the travel times were
 * asked for. The decision carries the schedule version it planned on, so committing it over a changed vehicle is a
 * ScheduleConflict (planned again), never a schedule built on old indices.
 */
export async function planRequest(
  router: Router,
  fleet: FleetState,
  draft: RequestDraft,
  nowS: number,
  policy: DispatchPolicy,
  candidates?: FleetVehicle[],
): Promise<Decision> {
  const reachS = Math.max(0, draft.requestedPickupS + policy.maxWaitS - nowS);
  let live = candidates ?? fleet.candidates(draft.pickup, reachS * policy.candidateSpeedMps, policy.maxCandidates);
  if (policy.mode === 'nearestIdle') live = live.filter((v) => v.stops.length === 0);
  if (live.length === 0) return { ok: false, reason: 'NoVehicleInReach' };
  // Legs never measured (the router was down at rebuild) are measured now; a vehicle whose legs stay unknown is not
  // planned on (a leg of 0 s would promise what it cannot keep).
  if (live.some((v) => v.legsUnknown)) {
    await Promise.all(live.filter((v) => v.legsUnknown).map((v) => refreshLegsIfRoutable(router, v)));
    live = live.filter((v) => !v.legsUnknown);
    if (live.length === 0) return { ok: false, reason: 'NoVehicleInReach' };
  }
  const { vehicles, trips } = snapshotCandidates(live, fleet.trips);
  const loc = decisionLocations(vehicles, draft);
  const newStops = [loc.points[loc.P], loc.points[loc.D]];
  const [to, from] = await Promise.all([router.table(loc.points, newStops), router.table(newStops, loc.points)]);
  if (policy.mode === 'nearestIdle') {
    // The baseline: only the idle vehicle that reaches the pickup first is tried.
    let best = -1;
    vehicles.forEach((_, k) => {
      const t = to.durationsS[loc.start[k]][0];
      if (t !== null && (best < 0 || t < to.durationsS[loc.start[best]][0]!)) best = k;
    });
    if (best < 0) return { ok: false, reason: 'NoVehicleInReach' };
    return planRequest(router, fleet, draft, nowS, { ...policy, mode: 'pooled' }, [vehicles[best]]);
  }
  return decideRequest(
    nowS,
    draft,
    vehicles,
    trips,
    loc,
    {
      toNewS: to.durationsS.map((r) => [r[0], r[1]] as const),
      toNewM: to.distancesM.map((r) => [r[0], r[1]] as const),
      fromNewS: [from.durationsS[0], from.durationsS[1]],
      fromNewM: [from.distancesM[0], from.distancesM[1]],
    },
    policy,
  );
}

/** Copies of the candidates (their stops too) and of the trips on them: what one decision reads after its awaits. */
export function snapshotCandidates(vehicles: readonly FleetVehicle[], trips: ReadonlyMap<string, FleetTrip>): { vehicles: FleetVehicle[]; trips: Map<string, FleetTrip> } {
  const copies: FleetVehicle[] = [];
  const tripCopies = new Map<string, FleetTrip>();
  for (const v of vehicles) {
    copies.push({ ...v, stops: v.stops.map((s) => ({ ...s })) });
    for (const s of v.stops) {
      const t = trips.get(s.tripId);
      if (t && !tripCopies.has(t.id)) tripCopies.set(t.id, { ...t });
    }
  }
  return { vehicles: copies, trips: tripCopies };
}
