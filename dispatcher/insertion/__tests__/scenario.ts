import { CompiledProblem } from '../CompiledProblem';
import { CITY_COST_WEIGHTS, type CostWeights, type Request, type Vehicle } from '../model';
import { RouteState } from '../RouteState';
import { ScheduleScratch } from '../ScheduleScratch';
import { type GridMetric, gridTravelTimes, parseGridMap } from './gridMap';

const DAY_S = 86_400;

export interface ScenarioRequest {
  from: string;
  to: string;
  /** Pickup window [earliest, latest], seconds. Default [0, day]. */
  pickup?: [number, number];
  dropoff?: [number, number];
  seats?: number;
  wheelchairs?: number;
  maxRideS?: number;
  serviceS?: number;
  /** Already on board of this vehicle: only the dropoff is planned. */
  onboard?: number;
  /** Pinned by an operator to this vehicle. */
  pinned?: number;
}

export interface ScenarioVehicle {
  at: string;
  end?: string;
  seats?: number;
  wheelchairs?: number;
  availableFromS?: number;
  shiftEndS?: number;
  maxDurationS?: number;
  /** Driver breaks [start, end], seconds. */
  breaks?: [number, number][];
}

export interface Scenario {
  problem: CompiledProblem;
  scratch: ScheduleScratch;
  /** A route for vehicle v through stops written like "P0 P1 D0 D1" (P = pickup, D = dropoff of request k). */
  route(vehicle: number, stops: string, lockedCount?: number): RouteState;
  /** Names like "P0", "D1", "start", "end" for the stops of a route, in order. */
  names(route: RouteState): string[];
}

/** A dispatch problem on an ASCII grid map (see gridMap.ts), for scenario tests. */
export function scenario(
  map: string,
  opts: { vehicles: ScenarioVehicle[]; requests: ScenarioRequest[]; metric?: GridMetric; secondsPerCell?: number; weights?: CostWeights },
): Scenario {
  const { travelTimes, node } = gridTravelTimes(parseGridMap(map), opts.metric ?? 'manhattan', opts.secondsPerCell ?? 60);
  const requests: Request[] = opts.requests.map((r) => ({
    pickup: { node: node(r.from), earliestS: r.pickup?.[0] ?? 0, latestS: r.pickup?.[1] ?? DAY_S, serviceS: r.serviceS ?? 0 },
    dropoff: { node: node(r.to), earliestS: r.dropoff?.[0] ?? 0, latestS: r.dropoff?.[1] ?? DAY_S, serviceS: r.serviceS ?? 0 },
    seats: r.seats ?? 1,
    wheelchairs: r.wheelchairs ?? 0,
    maxRideS: r.maxRideS ?? Infinity,
    ...(r.onboard !== undefined ? { onboardVehicle: r.onboard } : {}),
    ...(r.pinned !== undefined ? { pinnedVehicle: r.pinned } : {}),
  }));
  const vehicles: Vehicle[] = opts.vehicles.map((v) => ({
    start: { node: node(v.at), earliestS: v.availableFromS ?? 0, latestS: v.shiftEndS ?? DAY_S, serviceS: 0 },
    end: { node: node(v.end ?? v.at), earliestS: 0, latestS: v.shiftEndS ?? DAY_S, serviceS: 0 },
    seats: v.seats ?? 4,
    wheelchairs: v.wheelchairs ?? 0,
    maxDurationS: v.maxDurationS ?? Infinity,
    ...(v.breaks ? { breaks: v.breaks.map(([startS, endS]) => ({ startS, endS })) } : {}),
  }));
  const problem = new CompiledProblem({ travelTimes, requests, vehicles, weights: opts.weights ?? CITY_COST_WEIGHTS });
  const scratch = new ScheduleScratch(problem);
  return {
    problem,
    scratch,
    route(vehicle, stops, lockedCount = 0) {
      const ids = stops
        .split(/\s+/)
        .filter((s) => s !== '')
        .map((s) => {
          const k = Number(s.slice(1));
          if (s[0] === 'P') return 2 * k;
          if (s[0] === 'D') return 2 * k + 1;
          throw new Error(`scenario route: '${s}' is not P<k> or D<k>`);
        });
      const route = new RouteState(problem, vehicle, ids, lockedCount);
      route.refresh(scratch);
      return route;
    },
    names(route) {
      const out: string[] = [];
      for (let k = 0; k < route.m; k++) {
        const id = route.stops[k];
        if (k === 0) out.push('start');
        else if (k === route.m - 1) out.push('end');
        else out.push(`${id % 2 === 0 ? 'P' : 'D'}${id >> 1}`);
      }
      return out;
    },
  };
}
