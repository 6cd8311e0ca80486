import type { BreakWindow } from './model';

/**
 * Driver breaks in the schedule arithmetic. A break [s, e] is time the vehicle neither drives nor serves: a leg or a
 * service that would overlap it (starts before e and ends after s) waits until e, where the vehicle stands.
 * Breaks are flat [s0, e0, s1, e1, ...], sorted and disjoint. Both functions are monotone in t, so the feasible
 * schedules of a route still form a lattice (ScheduleScratch computes its least and greatest elements).
 */

/** No breaks: shared, never written. */
export const NO_BREAKS: Float64Array = new Float64Array(0);

/** Sorted flat form of a vehicle's breaks; RangeError for an empty or inverted window, or two that overlap. */
export function compileBreaks(breaks: readonly BreakWindow[], what: string): Float64Array {
  const sorted = [...breaks].sort((a, b) => a.startS - b.startS);
  const flat = new Float64Array(2 * sorted.length);
  sorted.forEach((b, k) => {
    if (!(b.endS > b.startS)) throw new RangeError(`${what}: break [${b.startS}, ${b.endS}] ends before it starts`);
    if (k > 0 && b.startS < sorted[k - 1].endS) throw new RangeError(`${what}: breaks overlap at ${b.startS}`);
    flat[2 * k] = b.startS;
    flat[2 * k + 1] = b.endS;
  });
  return flat;
}

/** The least t' >= t at which something lasting durationS can start without overlapping a break. */
export function earliestOutsideBreaks(t: number, durationS: number, breaks: Float64Array): number {
  for (let b = 0; b < breaks.length; b += 2) {
    if (t >= breaks[b + 1]) continue; // this break is over
    if (t + durationS <= breaks[b]) return t; // done before it starts (and before every later one)
    t = breaks[b + 1];
  }
  return t;
}

/** The greatest t' <= t at which something lasting durationS can start without overlapping a break. */
export function latestOutsideBreaks(t: number, durationS: number, breaks: Float64Array): number {
  for (let b = breaks.length - 2; b >= 0; b -= 2) {
    if (t + durationS <= breaks[b]) continue; // ends before this break starts
    if (t >= breaks[b + 1]) return t; // starts after it ends (and after every earlier one)
    t = breaks[b] - durationS;
  }
  return t;
}

/** The first break that [fromS, toS] overlaps, or null. */
export function breakOverlapping(fromS: number, toS: number, breaks: readonly BreakWindow[]): BreakWindow | null {
  return breaks.find((b) => fromS < b.endS && toS > b.startS) ?? null;
}
