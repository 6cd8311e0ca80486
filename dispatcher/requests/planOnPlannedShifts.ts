import type { Router } from '../../routing/Router';
import type { FleetTrip, FleetVehicle } from '../fleet/FleetModel';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import type { PlannedShift } from '../persistence/PlannedShiftRepository';
import { fleetTrip } from '../service/rebuildFleet';
import type { Decision, RequestDraft } from './decideRequest';
import { decideOnVehicles } from './planRequest';

/** A decision on a planned shift: which shift, and the stops it held when planned (the commit checks they still do). */
export type ShiftDecision = Extract<Decision, { ok: true }> & { shiftId: number; expectedStops: string[] };

/**
 * A pre-booked request planned on the shifts operators planned ahead: each shift is a route of its own, leaving its
 * depot at the shift's start and back by its end, with the pre-booked stops already on it kept to their promises
 * (the same insertion and the same hard windows as the live plan). One shift per vehicle: the earliest that covers.
 */
export async function planOnPlannedShifts(router: Router, shifts: readonly PlannedShift[], draft: RequestDraft, nowS: number, policy: DispatchPolicy): Promise<ShiftDecision | Extract<Decision, { ok: false }> | null> {
  const byVehicle = new Map<string, PlannedShift>();
  for (const s of shifts) if (!byVehicle.has(s.vehicle.id)) byVehicle.set(s.vehicle.id, s);
  if (byVehicle.size === 0) return null;
  const vehicles: FleetVehicle[] = [];
  const trips = new Map<string, FleetTrip>();
  for (const { shift, vehicle, stops } of byVehicle.values()) {
    const v: FleetVehicle = {
      id: vehicle.id,
      seats: vehicle.seats,
      wheelchairs: vehicle.wheelchairPlaces,
      depot: vehicle.depot,
      shiftEndS: shift.endsAtS,
      position: vehicle.depot,
      availableAtS: Math.max(nowS, shift.startsAtS),
      stops: stops.map(({ stop }) => ({
        tripId: stop.tripId, kind: stop.kind, location: stop.location, earliestS: stop.earliestS, latestS: stop.latestS, serviceS: stop.serviceS,
        plannedArrivalS: stop.plannedArrivalS, legS: 0, legM: 0,
      })),
      lockedCount: 0,
      scheduleVersion: vehicle.scheduleVersion,
      returnLegS: 0,
      returnLegM: 0,
    };
    if (!(await refreshLegsIfRoutable(router, v))) continue; // legs unknown: not planned on (a 0 s leg would promise too much)
    vehicles.push(v);
    for (const { trip } of stops) if (!trips.has(trip.id)) trips.set(trip.id, await fleetTrip(trip, vehicle.id, router, policy));
  }
  if (vehicles.length === 0) return null;
  const decision = await decideOnVehicles(router, vehicles, trips, draft, nowS, policy);
  if (!decision.ok) return decision;
  const chosen = byVehicle.get(decision.vehicleId)!;
  return { ...decision, shiftId: chosen.shift.id, expectedStops: chosen.stops.map(({ stop }) => `${stop.tripId}/${stop.kind}`) };
}
