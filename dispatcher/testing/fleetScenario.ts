import type { LngLat } from '../../routing/Router';
import type { FleetTrip, FleetVehicle, PlannedStop } from '../fleet/FleetModel';

/**
 * Dispatch scenarios drawn as grid maps: each letter is a place, one character is one minute of driving
 * (Manhattan distance), so travel times can be read off the drawing.
 */
export const MINUTE = 60;
export const T0 = 1_800_000_000;

export function grid(map: string): (ch: string) => LngLat {
  const at = new Map<string, LngLat>();
  map
    .split('\n')
    .filter((l) => l.trim())
    .forEach((row, y) => [...row].forEach((ch, x) => /[A-Za-z]/.test(ch) && at.set(ch, [x, y])));
  return (ch) => {
    const p = at.get(ch);
    if (!p) throw new Error(`no ${ch} on the map`);
    return p;
  };
}

export const minutes = (a: LngLat, b: LngLat): number => (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])) * MINUTE;

export function vehicle(id: string, at: LngLat, depot: LngLat, extra: Partial<FleetVehicle> = {}): FleetVehicle {
  return {
    id,
    seats: 4,
    wheelchairs: 1,
    depot,
    shiftEndS: T0 + 8 * 3600,
    position: at,
    availableAtS: T0,
    stops: [],
    lockedCount: 0,
    scheduleVersion: 1,
    returnLegS: minutes(at, depot),
    returnLegM: minutes(at, depot),
    ...extra,
  };
}

export function trip(id: string, vehicleId: string, pickup: LngLat, dropoff: LngLat, extra: Partial<FleetTrip> = {}): FleetTrip {
  return { id, passengers: 1, wheelchairs: 0, pickup, dropoff, pickupEarliestS: T0, pickupLatestS: T0 + 30 * MINUTE, arriveByS: T0 + 90 * MINUTE, maxRideS: 3600, vehicleId, onBoard: false, ...extra };
}

/** Gives a vehicle trips served one after another (pickup, dropoff, pickup, dropoff...), times laid out from T0. */
export function withTrips(v: FleetVehicle, trips: FleetTrip[]): FleetVehicle {
  const stops: PlannedStop[] = [];
  let prev = v.position;
  let t = T0;
  for (const tr of trips) {
    for (const kind of ['pickup', 'dropoff'] as const) {
      if (kind === 'pickup' && tr.onBoard) continue;
      const location = kind === 'pickup' ? tr.pickup : tr.dropoff;
      const leg = minutes(prev, location);
      t += leg;
      stops.push({ tripId: tr.id, kind, location, earliestS: kind === 'pickup' ? tr.pickupEarliestS : 0, latestS: kind === 'pickup' ? tr.pickupLatestS : tr.arriveByS, serviceS: 0, plannedArrivalS: t, legS: leg, legM: leg });
      prev = location;
    }
  }
  return { ...v, stops, returnLegS: minutes(prev, v.depot), returnLegM: minutes(prev, v.depot) };
}
