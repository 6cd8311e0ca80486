import type { RatingSummary } from './ratings';
import type { PromiseCause } from './promises';
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
  /** Accepted trips (a vehicle took them) over requests: the same trips `accepted` counts. */
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
  /** How many trips each mean stands on: picked-up trips for the wait, completed trips with a direct drive for the detour, hours on shift for the fleet figures. */
  samples: { waits: number; detours: number; vehicleHours: number };
  /** When the service started in the range: the first request or the first shift on duty in it (null: nothing happened). */
  serviceStartS: number | null;
  /** Riders' ratings of the trips requested in the range (issue 14 §4). */
  ratings: RatingSummary;
  /** Promises kept under traffic and delays (issue 13); absent from a server that predates them. */
  promises?: PromiseKpis;
}

/**
 * How the range's trips fared against their promises. On time means against the first promise the rider accepted,
 * so moving a promise never makes a late trip on time. ETA error: |actual pickup − the pickup ETA predicted when the
 * pickup was first 10 (or 5) minutes away|.
 */
export interface PromiseKpis {
  /** Picked-up trips picked up inside their first promised window; null with none picked up. */
  onTimePickupShare: number | null;
  /** Completed trips that arrived by their first promised arrival; null with none completed. */
  onTimeArrivalShare: number | null;
  /** promise_moved events: riders told their promise moved later. */
  moved: number;
  /** promise_broken events, in total and by cause. */
  broken: number;
  brokenByCause: Partial<Record<PromiseCause, number>>;
  etaErrorP50S10Min: number | null;
  etaErrorP90S10Min: number | null;
  etaErrorP50S5Min: number | null;
  etaErrorP90S5Min: number | null;
  samples: { pickups: number; arrivals: number; eta10Min: number; eta5Min: number };
}

/** The same figures for consecutive intervals of one range (GET /metrics/intervals). */
export interface MetricsIntervals {
  fromS: number;
  toS: number;
  stepS: number;
  intervals: PlannerMetrics[];
}
