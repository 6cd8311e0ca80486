import type { CostWeights } from './model';

/**
 * Cost calculator: what inserting a rider adds, priced by the problem's weights.
 * Added distance and added vehicle time are exact for the position; wait and ride are the new rider's own,
 * from the earliest schedule (a lower bound on what the rider will see). generateInsertions adds the longer ride of
 * the people already on board.
 */
export function insertionCost(w: CostWeights, addedDistanceM: number, addedTravelS: number, waitS: number, rideS: number): number {
  return w.distance * addedDistanceM + w.vehicleTime * addedTravelS + w.riderWait * waitS + w.riderRide * rideS;
}
