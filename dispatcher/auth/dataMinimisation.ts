import type { PlannerTripView, TripView } from '../../protocol/trips';

/** A trip without rider contact data, for planners: no rider id (the name never leaves the manifest). */
export function withoutRider(trip: TripView): PlannerTripView {
  const { riderId: _riderId, ...rest } = trip;
  return rest;
}
