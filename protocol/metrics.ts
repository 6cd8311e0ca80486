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
  /** Completed (or still served) trips over requests. */
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
}
