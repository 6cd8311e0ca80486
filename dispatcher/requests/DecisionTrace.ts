import type { RejectionReason } from '../../protocol/trips';
import type { InsertionRejection } from '../insertion/constraints';

/** One candidate vehicle of a decision: where it stood and what the insertion check said. */
export interface TracedCandidate {
  vehicleId: string;
  /** Stops already planned on it (0: idle). */
  plannedStops: number;
  /** Drive from where it stands to the pickup, seconds (null: unreachable). */
  toPickupS: number | null;
  /** Cost of its cheapest feasible insertion, or null when none was feasible. */
  cost: number | null;
  /** Why it was refused (the most frequent failed constraint over its positions), or null when it was feasible. */
  refused: InsertionRejection | null;
  chosen: boolean;
}

/** One decision of the dispatcher: the request, every candidate it weighed, and the answer. */
export interface DecisionRecord {
  atS: number;
  tripId: string;
  requestedPickupS: number;
  /** True when an accepted offer was planned again (its promise is fixed). */
  recheck: boolean;
  candidates: TracedCandidate[];
  outcome: { ok: true; vehicleId: string; pickupEtaS: number; cost: number } | { ok: false; reason: RejectionReason };
}

/**
 * Observer of decisions (the what-if's `--trace`). Only when one is set does the pure core re-run the insertion
 * check per candidate to say why each was refused; without one the normal path does no extra work.
 */
export type DecisionTrace = (record: DecisionRecord) => void;
