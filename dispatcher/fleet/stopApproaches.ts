import type { Approach, TableOptions } from '../../routing/Router';

/**
 * How the dispatcher asks the router to reach its stops: at the curb (OSRM's approaches=curb), so a vehicle arrives
 * at a pickup or drop-off with the rider on its curb side and leaves it the way it stands. A vehicle's position and
 * its depot are reached any way (null). Every travel time between stops is asked the same way, so plans, ETAs and
 * the driver's route agree.
 */
export const STOP_APPROACH: Approach = 'curb';

/** One stop to another (a trip's direct drive: its pickup to its drop-off). */
export const STOP_TO_STOP: TableOptions = Object.freeze({ sourceApproaches: [STOP_APPROACH], destinationApproaches: [STOP_APPROACH] });

/** The same approaches on both sides of a table over one list of points. */
export function sameApproaches(approaches: ReadonlyArray<Approach | null>): TableOptions {
  return { sourceApproaches: approaches, destinationApproaches: approaches };
}
