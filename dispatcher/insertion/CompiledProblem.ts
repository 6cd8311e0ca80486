import { compileBreaks, NO_BREAKS } from './breakWindows';
import type { CostWeights, DispatchProblem, Stop } from './model';
import type { TravelTimes } from './TravelTimes';

/**
 * A DispatchProblem flattened into typed arrays indexed by stop id, so the hot paths read numbers, not objects.
 *
 * Stop ids: request r has pickup 2r and dropoff 2r+1; vehicle v has start 2R+2v and end 2R+2v+1 (R requests).
 */
export class CompiledProblem {
  readonly travelTimes: TravelTimes;
  readonly weights: CostWeights;
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

    const size = problem.travelTimes.size;
    const put = (id: number, stop: Stop, what: string): void => {
      if (!Number.isInteger(stop.node) || stop.node < 0 || stop.node >= size) {
        throw new RangeError(`${what}: node ${stop.node} is outside the travel-time matrix (size ${size})`);
      }
      this.node[id] = stop.node;
      this.earliestS[id] = stop.earliestS;
      this.latestS[id] = stop.latestS;
      this.serviceS[id] = stop.serviceS;
    };
    problem.requests.forEach((req, r) => {
      put(2 * r, req.pickup, `request ${r} pickup`);
      put(2 * r + 1, req.dropoff, `request ${r} dropoff`);
      this.seatsDelta[2 * r] = req.seats;
      this.seatsDelta[2 * r + 1] = -req.seats;
      this.wheelchairsDelta[2 * r] = req.wheelchairs;
      this.wheelchairsDelta[2 * r + 1] = -req.wheelchairs;
      this.maxRideS[r] = req.maxRideS;
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
      put(this.startOf(v), veh.start, `vehicle ${v} start`);
      put(this.endOf(v), veh.end, `vehicle ${v} end`);
      this.seatCapacity[v] = veh.seats;
      this.wheelchairCapacity[v] = veh.wheelchairs;
      this.maxDurationS[v] = veh.maxDurationS;
    });
    this.breaksOf = problem.vehicles.map((veh, v) => (veh.breaks && veh.breaks.length > 0 ? compileBreaks(veh.breaks, `vehicle ${v}`) : NO_BREAKS));
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
