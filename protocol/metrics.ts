import type { RejectionReason } from './trips';

/** The planner's numbers over a time range, computed from the stored trips (seconds, metres). */
export interface PlannerMetrics {
  fromS: number;
  toS: number;
  requests: number;
  accepted: number;
  completed: number;
  cancelled: number;
  noShows: number;
  rejected: number;
  rejectionReasons: Partial<Record<RejectionReason, number>>;
  /** Accepted trips (a vehicle took them) over requests: the same trips `accepted` counts. */
  shareServed: number;
  meanWaitS: number | null;
  p90WaitS: number | null;
  /** Ride time over the direct drive. */
  meanDetourRatio: number | null;
  /** Share of completed trips that shared the vehicle with another rider at some point. */
  poolingRate: number | null;
  meanOccupancy: number | null;
  vehicleKm: number | null;
  /** Direct-drive kilometres of the completed trips times their riders: the transport actually delivered. */
  passengerKm: number | null;
  emptyKm: number | null;
  passengersPerVehicleHour: number | null;
  /** How many trips each mean stands on: picked-up trips for the wait, completed trips with a direct drive for the detour, hours on shift for the fleet figures. */
  samples: { waits: number; detours: number; vehicleHours: number };
  /** When the service started in the range: the first request or the first shift on duty in it (null: nothing happened). */
  serviceStartS: number | null;
}

/** The same figures for consecutive intervals of one range (GET /metrics/intervals). */
export interface MetricsIntervals {
  fromS: number;
  toS: number;
  stepS: number;
  intervals: PlannerMetrics[];
}
