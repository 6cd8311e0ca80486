import type { LngLat } from '../../routing/Router';

/** One rider's trip request in a simulation: when (seconds after the simulation starts), from where, to where. */
export interface DemandTrip {
  requestedAtS: number;
  origin: LngLat;
  destination: LngLat;
  passengers: number;
}
