import type { Tags } from './carProfile';

/** car.lua's classes that `exclude=` may name, as bits of a chain direction's class mask. */
export const WAY_CLASS_BITS = { toll: 1, motorway: 2, ferry: 4 } as const;
export type WayClass = keyof typeof WAY_CLASS_BITS;

/**
 * car.lua's `excludable`: the sets of classes one request may exclude together. OSRM prepares one filtered graph per
 * set and answers any other combination with InvalidValue "Exclude flag combination is not supported." car.lua lists
 * each class alone (no pair), so `exclude=motorway,toll` is refused there as here.
 */
export const CAR_EXCLUDABLE: ReadonlyArray<readonly WayClass[]> = [['toll'], ['motorway'], ['ferry']];

/** OSRM's message for a class or combination the profile does not list (plugin_base.hpp CheckAlgorithms). */
export const UNSUPPORTED_EXCLUDE_MESSAGE = 'Exclude flag combination is not supported.';

/**
 * The class mask of an `exclude` list (any order, each class once), or undefined when car.lua's `excludable` has no
 * such set (an unknown class, or a combination it does not list).
 */
export function excludeMask(exclude: readonly string[]): number | undefined {
  const wanted = new Set(exclude);
  if (wanted.size !== exclude.length) return undefined;
  const set = CAR_EXCLUDABLE.find((s) => s.length === wanted.size && s.every((c) => wanted.has(c)));
  return set?.reduce((m, c) => m | WAY_CLASS_BITS[c], 0);
}

/**
 * way_handlers.lua `classes` for car.lua's classes, per direction of the way's node order: toll (toll=yes, with
 * toll:forward / toll:backward), ferry (route=ferry), motorway (highway=motorway or motorway_link).
 */
export function carWayClasses(tags: Tags): { forward: number; backward: number } {
  let forward = 0;
  let backward = 0;
  if ((tags['toll:forward'] ?? tags.toll) === 'yes') forward |= WAY_CLASS_BITS.toll;
  if ((tags['toll:backward'] ?? tags.toll) === 'yes') backward |= WAY_CLASS_BITS.toll;
  if ((tags['route:forward'] ?? tags.route) === 'ferry') forward |= WAY_CLASS_BITS.ferry;
  if ((tags['route:backward'] ?? tags.route) === 'ferry') backward |= WAY_CLASS_BITS.ferry;
  if (tags.highway === 'motorway' || tags.highway === 'motorway_link') {
    forward |= WAY_CLASS_BITS.motorway;
    backward |= WAY_CLASS_BITS.motorway;
  }
  return { forward, backward };
}
