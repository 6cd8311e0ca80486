import { type CompiledProblem, isPickup, requestOf } from './CompiledProblem';
import { earliestOutsideBreaks, latestOutsideBreaks, NO_BREAKS } from './breakWindows';
import { violatesMaxDuration, violatesMaxRideTime, violatesTimeWindow, TIME_EPS } from './constraints';

/** Outcome of an exact schedule computation; `failedAt` names the position. */
export const ScheduleFailure = {
  None: 0,
  /** The stop at `failedAt` cannot start service inside its window. */
  Window: 1,
  /** The rider alighting at `failedAt` cannot keep the ride-time limit. */
  Ride: 2,
  /** The route cannot fit in the vehicle's maximum duration. */
  Duration: 3,
} as const;
export type ScheduleFailure = (typeof ScheduleFailure)[keyof typeof ScheduleFailure];

/**
 * One stop sequence laid out in flat arrays, with exact schedule bounds. Reused for every check (no allocation).
 *
 * A schedule is a start-of-service time x[k] per position with
 *   x[k+1] >= x[k] + service[k] + travel(k, k+1)     (waiting allowed)
 *   earliest[k] <= x[k] <= latest[k]
 *   x[drop] - x[pick] - service[pick] <= maxRide       (riders picked up in this sequence)
 *   x[last] - x[0] <= maxDuration
 * These are difference constraints, so feasible schedules form a lattice: `earliest()` computes the least one
 * (every stop as early as possible) and `latest()` the greatest, each by label-correcting passes that stop after
 * at most m+1 rounds. A sequence is feasible exactly when these succeed. The vehicle may delay its departure.
 *
 * A vehicle with driver breaks neither drives nor serves inside one (breakWindows.ts): a leg or a service that would
 * overlap a break starts after it. The constraints stay monotone, so the same passes compute the least and greatest
 * schedules; without breaks they run exactly as before.
 */
export class ScheduleScratch {
  private readonly problem: CompiledProblem;
  private capacity = 0;
  /** Number of positions, start and end included. */
  m = 0;
  maxDurationS = Infinity;
  /** Position of the failure reported by the last earliest()/latest(). */
  failedAt = -1;
  stop = new Int32Array(0);
  node = new Int32Array(0);
  e = new Float64Array(0);
  l = new Float64Array(0);
  s = new Float64Array(0);
  /** Travel time from position k to k+1. */
  tt = new Float64Array(0);
  /** No-wait chain time from the start of service at position 0 to the start at k. */
  cum = new Float64Array(0);
  /** At a dropoff whose pickup is in the sequence: the pickup's position; else -1. */
  partner = new Int32Array(0);
  maxRide = new Float64Array(0);
  /** Least schedule (after earliest()). */
  x = new Float64Array(0);
  /** Greatest schedule (after latest()). */
  y = new Float64Array(0);
  /** The loaded vehicle's breaks (flat, sorted). */
  breaks: Float64Array = NO_BREAKS;
  /** Plan as if the vehicle had no breaks (to tell what a break costs a plan); default false. */
  ignoreBreaks = false;
  private readonly posOf: Int32Array;

  constructor(problem: CompiledProblem) {
    this.problem = problem;
    this.posOf = new Int32Array(problem.stopCount).fill(-1);
    this.ensure(16);
  }

  private ensure(n: number): void {
    if (n <= this.capacity) return;
    const c = Math.max(n, this.capacity * 2);
    this.capacity = c;
    this.stop = new Int32Array(c);
    this.node = new Int32Array(c);
    this.e = new Float64Array(c);
    this.l = new Float64Array(c);
    this.s = new Float64Array(c);
    this.tt = new Float64Array(c);
    this.cum = new Float64Array(c);
    this.partner = new Int32Array(c);
    this.maxRide = new Float64Array(c);
    this.x = new Float64Array(c);
    this.y = new Float64Array(c);
  }

  /**
   * Lay out `stops[0..m-1]` (vehicle start, ..., vehicle end), optionally with pickup P inserted after position i
   * and dropoff D after position j (j >= i, old positions). Pass P = -1 for no insertion.
   */
  load(vehicle: number, stops: Int32Array, m: number, P = -1, i = -1, D = -1, j = -1): void {
    this.ensure(m + 2);
    let k = 0;
    for (let a = 0; a < m; a++) {
      this.put(k++, stops[a]);
      if (P >= 0) {
        if (a === i) {
          this.put(k++, P);
          if (j === i) this.put(k++, D);
        } else if (a === j) {
          this.put(k++, D);
        }
      }
    }
    this.m = k;
    const tt = this.problem.travelTimes;
    for (let q = 0; q < k - 1; q++) this.tt[q] = tt.durationS(this.node[q], this.node[q + 1]);
    this.tt[k - 1] = 0;
    this.cum[0] = 0;
    for (let q = 1; q < k; q++) this.cum[q] = this.cum[q - 1] + this.s[q - 1] + this.tt[q - 1];
    for (let q = 0; q < k; q++) this.posOf[this.stop[q]] = -1;
    this.maxDurationS = this.problem.maxDurationS[vehicle];
    this.breaks = this.problem.breaksOf[vehicle] ?? NO_BREAKS;
  }

  private put(k: number, id: number): void {
    const p = this.problem;
    this.stop[k] = id;
    this.node[k] = p.node[id];
    this.e[k] = p.earliestS[id];
    this.l[k] = p.latestS[id];
    this.s[k] = p.serviceS[id];
    this.partner[k] = -1;
    this.maxRide[k] = Infinity;
    if (p.isRequestStop(id) && !isPickup(id)) {
      const pick = this.posOf[id - 1];
      if (pick >= 0) {
        this.partner[k] = pick;
        this.maxRide[k] = p.maxRideS[requestOf(id)];
      }
    }
    this.posOf[id] = k;
  }

  /** Least feasible schedule into x. Returns the failure kind (None when feasible). */
  earliest(): ScheduleFailure {
    const { m, e, l, s, tt, cum, partner, maxRide, x } = this;
    const maxDur = this.maxDurationS;
    // A ride whose no-wait chain already exceeds the limit is a positive cycle: report it before iterating.
    for (let k = 1; k < m; k++) {
      const a = partner[k];
      if (a >= 0 && violatesMaxRideTime(cum[k] - cum[a] - s[a], maxRide[k])) return this.fail(k, ScheduleFailure.Ride);
    }
    if (violatesMaxDuration(cum[m - 1], maxDur)) return this.fail(m - 1, ScheduleFailure.Duration);
    const br = this.ignoreBreaks ? NO_BREAKS : this.breaks;
    const hasBreaks = br.length > 0;
    for (let k = 0; k < m; k++) x[k] = e[k];
    if (violatesTimeWindow(x[0], l[0])) return this.fail(0, ScheduleFailure.Window);
    let from = 1;
    for (let round = 0; round <= m + 1; round++) {
      for (let k = from; k < m; k++) {
        if (hasBreaks) {
          // Leave once the leg fits outside the breaks, and serve once the service does.
          const arrive = earliestOutsideBreaks(x[k - 1] + s[k - 1], tt[k - 1], br) + tt[k - 1];
          x[k] = earliestOutsideBreaks(arrive > x[k] ? arrive : x[k], s[k], br);
        } else {
          const arrive = x[k - 1] + s[k - 1] + tt[k - 1];
          if (arrive > x[k]) x[k] = arrive;
        }
        if (violatesTimeWindow(x[k], l[k])) return this.fail(k, ScheduleFailure.Window);
      }
      from = m;
      for (let k = 1; k < m; k++) {
        const a = partner[k];
        if (a < 0) continue;
        // Pick up later so the ride fits; everything after the pickup moves with it on the next pass.
        const need = x[k] - s[a] - maxRide[k];
        if (need > x[a] + TIME_EPS) {
          x[a] = hasBreaks ? earliestOutsideBreaks(need, s[a], br) : need;
          if (violatesTimeWindow(x[a], l[a])) return this.fail(k, ScheduleFailure.Ride);
          if (a + 1 < from) from = a + 1;
        }
      }
      if (violatesMaxDuration(x[m - 1] - x[0], maxDur)) {
        x[0] = hasBreaks ? earliestOutsideBreaks(x[m - 1] - maxDur, s[0], br) : x[m - 1] - maxDur;
        if (violatesTimeWindow(x[0], l[0])) return this.fail(m - 1, ScheduleFailure.Duration);
        from = 1;
      }
      if (from === m) return ScheduleFailure.None;
    }
    return this.fail(m - 1, ScheduleFailure.Ride);
  }

  /** Greatest feasible schedule into y (every stop as late as possible). Returns the failure kind. */
  latest(): ScheduleFailure {
    const { m, e, l, s, tt, partner, maxRide, y } = this;
    const maxDur = this.maxDurationS;
    const br = this.ignoreBreaks ? NO_BREAKS : this.breaks;
    const hasBreaks = br.length > 0;
    for (let k = 0; k < m; k++) y[k] = l[k];
    let from = m - 2;
    for (let round = 0; round <= m + 1; round++) {
      for (let k = from; k >= 0; k--) {
        if (hasBreaks) {
          // Drive the leg before a break it would overlap, and serve before the leg (and outside the breaks).
          const leave = latestOutsideBreaks(y[k + 1] - tt[k], tt[k], br) - s[k];
          y[k] = latestOutsideBreaks(leave < y[k] ? leave : y[k], s[k], br);
        } else {
          const leave = y[k + 1] - s[k] - tt[k];
          if (leave < y[k]) y[k] = leave;
        }
        if (y[k] < e[k] - TIME_EPS) return this.fail(k, ScheduleFailure.Window);
      }
      from = -1;
      for (let k = 1; k < m; k++) {
        const a = partner[k];
        if (a < 0) continue;
        const limit = y[a] + s[a] + maxRide[k];
        if (y[k] > limit + TIME_EPS) {
          y[k] = hasBreaks ? latestOutsideBreaks(limit, s[k], br) : limit;
          if (y[k] < e[k] - TIME_EPS) return this.fail(k, ScheduleFailure.Ride);
          if (k - 1 > from) from = k - 1;
        }
      }
      if (violatesMaxDuration(y[m - 1] - y[0], maxDur)) {
        y[m - 1] = hasBreaks ? latestOutsideBreaks(y[0] + maxDur, s[m - 1], br) : y[0] + maxDur;
        if (y[m - 1] < e[m - 1] - TIME_EPS) return this.fail(m - 1, ScheduleFailure.Duration);
        from = m - 2;
      }
      if (from < 0) return ScheduleFailure.None;
    }
    return this.fail(0, ScheduleFailure.Ride);
  }

  private fail(at: number, kind: ScheduleFailure): ScheduleFailure {
    this.failedAt = at;
    return kind;
  }
}
