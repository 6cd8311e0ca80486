import { compileBreaks, NO_BREAKS } from './breakWindows';
import type { CostWeights, DispatchProblem, Request, Stop } from './model';
import type { TravelTimes } from './TravelTimes';

/**
 * A DispatchProblem flattened into typed arrays indexed by stop id, so the hot paths read numbers, not objects.
 *
 * Stop ids: request r has pickup 2r and dropoff 2r+1; vehicle v has start 2R+2v and end 2R+2v+1 (R requests).
 */
export class CompiledProblem {
  readonly travelTimes: TravelTimes;
  readonly weights: CostWeights;
  /** DispatchProblem.freeReturn: the leg into a vehicle's end is left out of every cost. */
  readonly freeReturn: boolean;
  readonly requestCount: number;
  readonly vehicleCount: number;
  readonly stopCount: number;

  readonly node: Int32Array;
  readonly earliestS: Float64Array;
  readonly latestS: Float64Array;
  readonly serviceS: Float64Array;
  /** Load change when served: +seats at a pickup, -seats at its dropoff, 0 at vehicle stops. */
  readonly seatsDelta: Int32Array;
  readonly wheelchairsDelta: Int32Array;

  /** Per request. */
  readonly maxRideS: Float64Array;
  /** Per request: the vehicle it is on board of, or -1. */
  readonly onboardVehicle: Int32Array;
  /** Per request: the vehicle an operator pinned it to, or -1. */
  readonly pinnedVehicle: Int32Array;

  /** Per vehicle. */
  readonly seatCapacity: Int32Array;
  readonly wheelchairCapacity: Int32Array;
  readonly maxDurationS: Float64Array;
  /** Load on board when the vehicle starts (riders with onboardVehicle = v). */
  readonly initialSeats: Int32Array;
  readonly initialWheelchairs: Int32Array;
  /** Per vehicle: its breaks as [start0, end0, start1, end1, ...], sorted and disjoint (NO_BREAKS when none). */
  readonly breaksOf: readonly Float64Array[];

  constructor(problem: DispatchProblem) {
    const R = problem.requests.length;
    const V = problem.vehicles.length;
    this.travelTimes = problem.travelTimes;
    this.weights = problem.weights;
    this.freeReturn = problem.freeReturn ?? false;
    this.requestCount = R;
    this.vehicleCount = V;
    this.stopCount = 2 * R + 2 * V;
    const S = this.stopCount;
    this.node = new Int32Array(S);
    this.earliestS = new Float64Array(S);
    this.latestS = new Float64Array(S);
    this.serviceS = new Float64Array(S);
    this.seatsDelta = new Int32Array(S);
    this.wheelchairsDelta = new Int32Array(S);
    this.maxRideS = new Float64Array(R);
    this.onboardVehicle = new Int32Array(R).fill(-1);
    this.pinnedVehicle = new Int32Array(R).fill(-1);
    this.seatCapacity = new Int32Array(V);
    this.wheelchairCapacity = new Int32Array(V);
    this.maxDurationS = new Float64Array(V);
    this.initialSeats = new Int32Array(V);
    this.initialWheelchairs = new Int32Array(V);

    problem.requests.forEach((req, r) => {
      this.putRequest(r, req);
      if (req.onboardVehicle !== undefined) {
        if (req.onboardVehicle < 0 || req.onboardVehicle >= V) throw new RangeError(`request ${r} is on board of unknown vehicle ${req.onboardVehicle}`);
        this.onboardVehicle[r] = req.onboardVehicle;
        this.initialSeats[req.onboardVehicle] += req.seats;
        this.initialWheelchairs[req.onboardVehicle] += req.wheelchairs;
      }
      if (req.pinnedVehicle !== undefined) {
        if (req.pinnedVehicle < 0 || req.pinnedVehicle >= V) throw new RangeError(`request ${r} is pinned to unknown vehicle ${req.pinnedVehicle}`);
        this.pinnedVehicle[r] = req.pinnedVehicle;
      }
    });
    problem.vehicles.forEach((veh, v) => {
      this.putStop(this.startOf(v), veh.start, `vehicle ${v} start`);
      this.putStop(this.endOf(v), veh.end, `vehicle ${v} end`);
      this.seatCapacity[v] = veh.seats;
      this.wheelchairCapacity[v] = veh.wheelchairs;
      this.maxDurationS[v] = veh.maxDurationS;
    });
    this.breaksOf = problem.vehicles.map((veh, v) => (veh.breaks && veh.breaks.length > 0 ? compileBreaks(veh.breaks, `vehicle ${v}`) : NO_BREAKS));
  }

  /**
   * Request r's stops, load and ride limit replaced by `req`'s, for a request on no vehicle yet (a new rider decided
   * again at other ends): routes that do not hold r read nothing of it, so they stay valid.
   */
  setRequest(r: number, req: Request): void {
    if (!Number.isInteger(r) || r < 0 || r >= this.requestCount) throw new RangeError(`request ${r} is not in this problem (${this.requestCount} requests)`);
    if (req.onboardVehicle !== undefined || req.pinnedVehicle !== undefined) throw new RangeError(`request ${r}: only a request on no vehicle can be replaced`);
    if (this.onboardVehicle[r] >= 0 || this.pinnedVehicle[r] >= 0) throw new RangeError(`request ${r} is on board or pinned: it cannot be replaced`);
    this.putRequest(r, req);
  }

  private putRequest(r: number, req: Request): void {
    this.putStop(2 * r, req.pickup, `request ${r} pickup`);
    this.putStop(2 * r + 1, req.dropoff, `request ${r} dropoff`);
    this.seatsDelta[2 * r] = req.seats;
    this.seatsDelta[2 * r + 1] = -req.seats;
    this.wheelchairsDelta[2 * r] = req.wheelchairs;
    this.wheelchairsDelta[2 * r + 1] = -req.wheelchairs;
    this.maxRideS[r] = req.maxRideS;
  }

  private putStop(id: number, stop: Stop, what: string): void {
    if (!Number.isInteger(stop.node) || stop.node < 0 || stop.node >= this.travelTimes.size) {
      throw new RangeError(`${what}: node ${stop.node} is outside the travel-time matrix (size ${this.travelTimes.size})`);
    }
    this.node[id] = stop.node;
    this.earliestS[id] = stop.earliestS;
    this.latestS[id] = stop.latestS;
    this.serviceS[id] = stop.serviceS;
  }

  startOf(vehicle: number): number {
    return 2 * this.requestCount + 2 * vehicle;
  }

  endOf(vehicle: number): number {
    return 2 * this.requestCount + 2 * vehicle + 1;
  }

  /** True for request stops (pickups and dropoffs), false for vehicle starts and ends. */
  isRequestStop(stop: number): boolean {
    return stop < 2 * this.requestCount;
  }
}

export function pickupOf(request: number): number {
  return 2 * request;
}

export function dropoffOf(request: number): number {
  return 2 * request + 1;
}

/** The request a pickup or dropoff stop belongs to. */
export function requestOf(stop: number): number {
  return stop >> 1;
}

export function isPickup(stop: number): boolean {
  return (stop & 1) === 0;
}
