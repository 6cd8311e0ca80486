import { type CompiledProblem, isPickup, requestOf } from './CompiledProblem';
import { violatesCapacity } from './constraints';
import type { VehicleRoute } from './model';
import { ScheduleFailure, type ScheduleScratch } from './ScheduleScratch';

/**
 * One vehicle's route with the bounds the O(1) insertion checks read (the "slack computation").
 * Position 0 is the vehicle's start, position m-1 its end; positions between are request stops.
 *
 * Precomputed per position k, after refresh():
 *   earliestS[k]  least feasible start of service (every stop as early as it can be, ride limits included)
 *   latestS[k]    greatest feasible start of service; latestS[k] - earliestS[k] is the forward time slack at k
 *   chainS[k]     no-wait time from the start of service at 0 to the start at k (prefix sums of service + travel)
 *   seatsAfter[k], wheelchairsAfter[k]   load when leaving k
 *   rideSlackS[k] for the leg k -> k+1: the least (maxRide - no-wait ride) over riders on board on that leg
 *   waitingFrom[k] people (seats and wheelchair places) still to be picked up at positions k..m-1: whom a detour
 *                 before k keeps waiting longer
 * and the route's own layout (node, service, window end, travel to the next stop, partner pickup position, ride
 * limit), so the exact insertion check reads the route without copying it.
 */
export class RouteState {
  readonly problem: CompiledProblem;
  readonly vehicle: number;
  lockedCount: number;
  m = 0;
  stops!: Int32Array;
  earliestS!: Float64Array;
  latestS!: Float64Array;
  chainS!: Float64Array;
  seatsAfter!: Int32Array;
  wheelchairsAfter!: Int32Array;
  waitingFrom!: Int32Array;
  rideSlackS!: Float64Array;
  nodeAt!: Int32Array;
  serviceAt!: Float64Array;
  windowEndAt!: Float64Array;
  travelNextS!: Float64Array;
  /** At a dropoff whose pickup is on the route: the pickup's position; else -1. */
  partnerAt!: Int32Array;
  maxRideAt!: Float64Array;
  /** Totals of the route as it stands. */
  distanceM = 0;
  travelS = 0;
  riderWaitS = 0;
  riderRideS = 0;
  /** Weighted objective of the route (CompiledProblem.weights). */
  cost = 0;
  /** A schedule exists and no capacity is exceeded. */
  feasible = true;

  constructor(problem: CompiledProblem, vehicle: number, stops: readonly number[] = [], lockedCount = 0, capacity = 0) {
    this.problem = problem;
    this.vehicle = vehicle;
    this.lockedCount = lockedCount;
    this.allocate(Math.max(8, stops.length + 4, capacity));
    this.stops[0] = problem.startOf(vehicle);
    for (let k = 0; k < stops.length; k++) this.stops[k + 1] = stops[k];
    this.m = stops.length + 2;
    this.stops[this.m - 1] = problem.endOf(vehicle);
  }

  /** Two allocations per route: every per-position array is a view into one float and one int buffer. */
  private floats!: Float64Array;
  private ints!: Int32Array;

  private allocate(cap: number): void {
    const f = new Float64Array(8 * cap);
    const n = new Int32Array(6 * cap);
    this.floats = f;
    this.ints = n;
    this.earliestS = f.subarray(0, cap);
    this.latestS = f.subarray(cap, 2 * cap);
    this.chainS = f.subarray(2 * cap, 3 * cap);
    this.rideSlackS = f.subarray(3 * cap, 4 * cap);
    this.serviceAt = f.subarray(4 * cap, 5 * cap);
    this.windowEndAt = f.subarray(5 * cap, 6 * cap);
    this.travelNextS = f.subarray(6 * cap, 7 * cap);
    this.maxRideAt = f.subarray(7 * cap, 8 * cap);
    this.stops = n.subarray(0, cap);
    this.seatsAfter = n.subarray(cap, 2 * cap);
    this.wheelchairsAfter = n.subarray(2 * cap, 3 * cap);
    this.nodeAt = n.subarray(3 * cap, 4 * cap);
    this.partnerAt = n.subarray(4 * cap, 5 * cap);
    this.waitingFrom = n.subarray(5 * cap, 6 * cap);
  }

  /** Number of request stops (pickups and dropoffs) on the route. */
  get stopCount(): number {
    return this.m - 2;
  }

  private grow(n: number): void {
    if (n <= this.stops.length) return;
    const old = this.stops.subarray(0, this.m).slice();
    this.allocate(Math.max(n, this.stops.length * 2));
    this.stops.set(old); // everything else is recomputed by refresh()
  }

  /** Recompute the schedule bounds, loads, slacks and totals. Call after any change to `stops`. */
  refresh(scratch: ScheduleScratch): void {
    const p = this.problem;
    const m = this.m;
    const v = this.vehicle;
    scratch.load(v, this.stops, m);
    const early = scratch.earliest();
    const late = early === ScheduleFailure.None ? scratch.latest() : early;
    this.feasible = early === ScheduleFailure.None && late === ScheduleFailure.None;
    const { x, y, cum, s, partner, maxRide, e } = scratch;
    this.earliestS.set(x.subarray(0, m));
    // Without a schedule there are no latest times: the scratch still holds another route's (or an unfinished pass),
    // and an insertion check reading them would pass an insertion no schedule can serve.
    if (this.feasible) this.latestS.set(y.subarray(0, m));
    else this.latestS.fill(-Infinity, 0, m);
    this.chainS.set(cum.subarray(0, m));
    this.nodeAt.set(scratch.node.subarray(0, m));
    this.serviceAt.set(s.subarray(0, m));
    this.windowEndAt.set(scratch.l.subarray(0, m));
    this.travelNextS.set(scratch.tt.subarray(0, m));
    this.partnerAt.set(partner.subarray(0, m));
    this.maxRideAt.set(maxRide.subarray(0, m));

    let seats = p.initialSeats[v];
    let wheelchairs = p.initialWheelchairs[v];
    const seatCap = p.seatCapacity[v];
    const wheelCap = p.wheelchairCapacity[v];
    const tt = p.travelTimes;
    let distance = 0;
    let travel = 0;
    let wait = 0;
    let ride = 0;
    for (let k = 0; k < m; k++) {
      const id = this.stops[k];
      seats += p.seatsDelta[id];
      wheelchairs += p.wheelchairsDelta[id];
      this.seatsAfter[k] = seats;
      this.wheelchairsAfter[k] = wheelchairs;
      if (violatesCapacity(seats, seatCap) || violatesCapacity(wheelchairs, wheelCap)) this.feasible = false;
      this.rideSlackS[k] = Infinity;
      // With freeReturn the leg into the end (k + 1 = m - 1) is timed for the shift but not priced.
      if (k + 1 < m && !(p.freeReturn && k + 2 === m)) {
        distance += tt.distanceM(p.node[id], p.node[this.stops[k + 1]]);
        travel += scratch.tt[k];
      }
      if (p.isRequestStop(id) && isPickup(id)) wait += x[k] - e[k];
    }
    let waiting = 0;
    for (let k = m - 1; k >= 0; k--) {
      const id = this.stops[k];
      if (p.isRequestStop(id) && isPickup(id)) waiting += p.seatsDelta[id] + p.wheelchairsDelta[id];
      this.waitingFrom[k] = waiting;
    }
    for (let k = 1; k < m; k++) {
      const a = partner[k];
      if (a < 0) continue;
      ride += x[k] - x[a] - s[a];
      const slack = maxRide[k] - (cum[k] - cum[a] - s[a]);
      for (let q = a; q < k; q++) if (slack < this.rideSlackS[q]) this.rideSlackS[q] = slack;
    }
    this.distanceM = distance;
    this.travelS = travel;
    this.riderWaitS = wait;
    this.riderRideS = ride;
    const w = p.weights;
    this.cost = w.distance * distance + w.vehicleTime * travel + w.riderWait * wait + w.riderRide * ride;
  }

  /** Insert pickup P after position i and dropoff D after position j (positions before the insertion, j >= i). */
  insert(P: number, i: number, D: number, j: number, scratch: ScheduleScratch): void {
    if (i < this.lockedCount || j < i || j > this.m - 2) {
      throw new RangeError(`Cannot insert after positions ${i}/${j} on a route of ${this.m} positions with ${this.lockedCount} locked stops`);
    }
    this.grow(this.m + 2);
    const st = this.stops;
    // Shift the tail twice, then the middle once: [0..i] P [i+1..j] D [j+1..m-1].
    st.copyWithin(j + 3, j + 1, this.m);
    st.copyWithin(i + 2, i + 1, j + 1);
    st[i + 1] = P;
    st[j + 2] = D;
    this.m += 2;
    this.refresh(scratch);
  }

  /** Take request r's stops out of the route. Returns false when they are not on it. */
  removeRequest(r: number, scratch: ScheduleScratch): boolean {
    const P = 2 * r;
    const D = P + 1;
    let w = 0;
    let removed = 0;
    for (let k = 0; k < this.m; k++) {
      const id = this.stops[k];
      if (id === P || id === D) {
        if (k <= this.lockedCount) throw new RangeError(`Request ${r} has a locked stop on vehicle ${this.vehicle}; it cannot be removed`);
        removed++;
        continue;
      }
      this.stops[w++] = id;
    }
    if (removed === 0) return false;
    this.m = w;
    this.refresh(scratch);
    return true;
  }

  /** Take several requests' stops out with one refresh. Returns how many of them were on the route. */
  removeRequests(requests: readonly number[], scratch: ScheduleScratch): number {
    let w = 0;
    let removed = 0;
    for (let k = 0; k < this.m; k++) {
      const id = this.stops[k];
      if (k > 0 && k < this.m - 1 && requests.includes(id >> 1)) {
        if (k <= this.lockedCount) throw new RangeError(`Request ${id >> 1} has a locked stop on vehicle ${this.vehicle}; it cannot be removed`);
        removed++;
        continue;
      }
      this.stops[w++] = id;
    }
    if (removed === 0) return 0;
    this.m = w;
    this.refresh(scratch);
    return removed >> 1;
  }

  /** Position of a stop id on the route, or -1. */
  positionOf(stop: number): number {
    for (let k = 1; k < this.m - 1; k++) if (this.stops[k] === stop) return k;
    return -1;
  }

  /** Requests whose pickup is on this route and may be moved (neither on board nor locked). */
  movableRequests(out: number[] = []): number[] {
    for (let k = this.lockedCount + 1; k < this.m - 1; k++) {
      const id = this.stops[k];
      if (isPickup(id)) out.push(requestOf(id));
    }
    return out;
  }

  /** A deep copy that shares nothing mutable with this route. */
  clone(): RouteState {
    const c = new RouteState(this.problem, this.vehicle, [], this.lockedCount, this.stops.length);
    c.m = this.m;
    c.floats.set(this.floats);
    c.ints.set(this.ints);
    c.distanceM = this.distanceM;
    c.travelS = this.travelS;
    c.riderWaitS = this.riderWaitS;
    c.riderRideS = this.riderRideS;
    c.cost = this.cost;
    c.feasible = this.feasible;
    return c;
  }

  /** The plain form: request stop ids between start and end. */
  toVehicleRoute(): VehicleRoute {
    return { vehicle: this.vehicle, stops: Array.from(this.stops.subarray(1, this.m - 1)), lockedCount: this.lockedCount };
  }
}
