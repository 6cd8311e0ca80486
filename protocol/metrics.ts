import type { RejectionReason } from './trips';

/**
 * What became of every request, each counted once by its final state: completed, rejected (by reason), declined
 * by the rider, accepted but the accept failed (or the offer lapsed unanswered), cancelled after acceptance, no-show.
 * Trips still in progress are in none of them.
 */
export interface RequestOutcomes {
  completed: number;
  rejected: Partial<Record<RejectionReason, number>>;
  declined: number;
  acceptFailed: number;
  cancelled: number;
  noShow: number;
}

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
  p50WaitS: number | null;
  p90WaitS: number | null;
  /** Ride time over the direct drive. */
  meanDetourRatio: number | null;
  p50DetourRatio: number | null;
  p90DetourRatio: number | null;
  outcomes: RequestOutcomes;
  /** Share of completed trips that shared the vehicle with another rider at some point. */
  poolingRate: number | null;
  meanOccupancy: number | null;
  vehicleKm: number | null;
  /** Direct-drive kilometres of the completed trips times their riders: the transport actually delivered. */
  passengerKm: number | null;
  emptyKm: number | null;
  passengersPerVehicleHour: number | null;
}
