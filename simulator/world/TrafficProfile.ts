/** The time-of-day traffic profiles a simulated world can have (`--traffic`). */
export const TRAFFIC_PROFILES = ['none', 'city'] as const;
export type TrafficProfileName = (typeof TRAFFIC_PROFILES)[number];

/**
 * Travel time in the `city` profile as a multiple of the router's free-flow time, hour by hour (local time):
 * the morning and evening peaks 30–50 % slower, the day in between 10–20 %, the night free-flowing.
 */
const CITY_BY_HOUR: readonly number[] = [
  1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.15, 1.35, 1.5, 1.3, 1.15, 1.1, 1.15, 1.1, 1.1, 1.15, 1.3, 1.45, 1.5, 1.3, 1.15, 1.1, 1.05, 1.0,
];

/**
 * How much slower than the router's free-flow times the roads are at a time of day. Pure: the same time always
 * gives the same factor; between the hour marks the factor is interpolated, so a leg at 07:59 and one at 08:01
 * see nearly the same traffic.
 */
export class TrafficProfile {
  constructor(
    readonly name: TrafficProfileName,
    /** Seconds to add to epoch time to get the city's local clock (Seoul: +9 h). */
    private readonly utcOffsetS = 0,
  ) {}

  /** Travel-time factor (≥ 1) at epoch second `atS`. */
  factorAt(atS: number): number {
    if (this.name === 'none') return 1;
    const local = (((atS + this.utcOffsetS) % 86400) + 86400) % 86400;
    const h = local / 3600;
    const lo = Math.floor(h) % 24;
    const hi = (lo + 1) % 24;
    const t = h - Math.floor(h);
    return CITY_BY_HOUR[lo] + t * (CITY_BY_HOUR[hi] - CITY_BY_HOUR[lo]);
  }
}
