import type { FleetVehicle } from '../fleet/FleetModel';

/**
 * When the vehicle will start service at each of its stops, estimated from where it is now (pure). The first leg is
 * the drive from its last GPS fix (refreshed on every position), the others the legs of its plan; it leaves when it
 * is free (`availableAtS`, never before now), waits where a window opens later, and dwells `serviceS` at each stop.
 * At a stop it already stands at, service starts when it arrived (or the window opens) and it leaves no sooner than now.
 * Durations are the router's, with the hour's speed factor when the dispatcher learns them (the router is wrapped).
 */
export function estimateLiveEtas(vehicle: Pick<FleetVehicle, 'stops' | 'availableAtS'>, nowS: number): number[] {
  const etas: number[] = [];
  let t = Math.max(nowS, vehicle.availableAtS);
  for (const s of vehicle.stops) {
    const start = s.arrivedAtS !== undefined ? Math.max(s.arrivedAtS, s.earliestS) : Math.max(t + s.legS, s.earliestS);
    etas.push(start);
    t = Math.max(start, s.arrivedAtS !== undefined ? nowS : start) + s.serviceS;
  }
  return etas;
}
