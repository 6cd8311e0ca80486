import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';

/** What a GPS fix may claim, with its defaults. */
export const GPS_PLAUSIBILITY_DEFAULTS = Object.freeze({
  /** Fastest a vehicle of the fleet drives (m/s): 200 km/h. A fix implying more, or reporting more, is refused. */
  maxSpeedMps: 55,
  /** GPS noise allowed on top of the drive between two fixes (a phone's fix jumps a few hundred metres at worst). */
  jumpToleranceM: 300,
});

export type GpsPlausibility = typeof GPS_PLAUSIBILITY_DEFAULTS;

/**
 * Why a fix cannot be real, or null when it can: a reported speed no vehicle drives, or a jump from the vehicle's last
 * own fix farther than it could have driven in the time between (pure; seconds and metres).
 */
export function implausibleFix(
  last: { location: LngLat; atS: number } | undefined,
  fix: { location: LngLat; speedMps?: number | null },
  nowS: number,
  limits: GpsPlausibility = GPS_PLAUSIBILITY_DEFAULTS,
): string | null {
  if (fix.speedMps !== undefined && fix.speedMps !== null && fix.speedMps > limits.maxSpeedMps) {
    return `a reported speed of ${Math.round(fix.speedMps)} m/s is above the ${limits.maxSpeedMps} m/s any vehicle of the fleet drives`;
  }
  if (last === undefined) return null; // the first fix of a shift (or after one off the network): nothing to compare with
  const elapsedS = Math.max(1, nowS - last.atS);
  const jumpM = distanceM(last.location, fix.location);
  const reachM = limits.maxSpeedMps * elapsedS + limits.jumpToleranceM;
  if (jumpM > reachM) {
    return `the fix is ${Math.round(jumpM)} m from the last one, ${Math.round(elapsedS)} s ago; at most ${Math.round(reachM)} m can be driven in that time`;
  }
  return null;
}
