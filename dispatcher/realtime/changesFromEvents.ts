import type { EventRecord } from '../persistence/records';

/** What a page of the event log touched: each vehicle and trip with the seq of its latest change. */
export interface LogChanges {
  vehicles: Map<string, number>;
  trips: Map<string, number>;
  /** Trips a rider just requested (they follow them without asking). */
  newTrips: { tripId: string; riderId: string; seq: number }[];
}

const CREATING_EVENTS: ReadonlySet<string> = new Set(['trip_requested', 'trip_offered']);

/** Reads only the columns every event has (vehicle, trip), plus the rider of a newly created trip. */
export function changesFromEvents(events: readonly EventRecord[]): LogChanges {
  const changes: LogChanges = { vehicles: new Map(), trips: new Map(), newTrips: [] };
  for (const e of events) {
    if (e.vehicleId !== null) changes.vehicles.set(e.vehicleId, Math.max(e.seq, changes.vehicles.get(e.vehicleId) ?? 0));
    if (e.tripId !== null) changes.trips.set(e.tripId, Math.max(e.seq, changes.trips.get(e.tripId) ?? 0));
    const riderId = e.payload.riderId;
    if (e.tripId !== null && CREATING_EVENTS.has(e.type) && typeof riderId === 'string') changes.newTrips.push({ tripId: e.tripId, riderId, seq: e.seq });
  }
  return changes;
}
