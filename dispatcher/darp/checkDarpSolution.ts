import { type DarpInstance, darpDistance } from './parseCordeau';

/**
 * Independent feasibility checker for DARP solutions. It shares no code with the solver or the insertion core:
 * it re-simulates each route from the instance data alone, so a bug there cannot hide here.
 */

export const DarpViolationCode = {
  /** A route does not start at depot 0 or end at depot 2n+1, or visits a depot in between. */
  RouteShape: 'RouteShape',
  /** A node number outside 0..2n+1. */
  UnknownNode: 'UnknownNode',
  /** A request no route serves. */
  RequestMissing: 'RequestMissing',
  /** A pickup or dropoff visited more than once. */
  RequestRepeated: 'RequestRepeated',
  /** Pickup and dropoff on different routes, or the dropoff alone. */
  SplitRequest: 'SplitRequest',
  /** The dropoff comes before the pickup. */
  DropoffBeforePickup: 'DropoffBeforePickup',
  /** More than Q on board. */
  Capacity: 'Capacity',
  /** Service cannot start by the node's latest time, even leaving the depot at 0 and never waiting needlessly. */
  TimeWindow: 'TimeWindow',
  /** The shortest possible route duration (departure delayed as far as helps) exceeds T. */
  RouteDuration: 'RouteDuration',
  /** No schedule keeps every ride within L together with the windows and T. */
  RideTime: 'RideTime',
  /** More than K non-empty routes. */
  TooManyRoutes: 'TooManyRoutes',
} as const;
export type DarpViolationCode = (typeof DarpViolationCode)[keyof typeof DarpViolationCode];

export interface DarpViolation {
  code: DarpViolationCode;
  message: string;
  /** Index of the route in the solution, when the violation belongs to one. */
  route?: number;
}

export interface DarpRouteReport {
  /** Euclidean length. */
  cost: number;
  /** Shortest duration over departure times, from forward time slack (time windows only). */
  minDuration: number;
  /** A feasible start-of-service time per visited node (Bellman-Ford), or null when none exists. */
  schedule: number[] | null;
}

export interface DarpCheckResult {
  feasible: boolean;
  /** Total Euclidean distance of the non-empty routes. */
  cost: number;
  /** Non-empty routes. */
  vehicles: number;
  violations: DarpViolation[];
  routes: DarpRouteReport[];
}

/** Slack for float comparisons: instance data have three decimals, sums of square roots do not. */
const EPS = 1e-6;

/** Check `routes` (lists of node numbers, each from 0 to 2n+1) against every rule of the benchmark. */
export function checkDarpSolution(inst: DarpInstance, routes: readonly (readonly number[])[]): DarpCheckResult {
  const n = inst.requestCount;
  const end = 2 * n + 1;
  const violations: DarpViolation[] = [];
  const seenOn = new Array<number>(2 * n + 2).fill(-1);
  const reports: DarpRouteReport[] = [];
  let cost = 0;
  let vehicles = 0;

  routes.forEach((route, ri) => {
    const report: DarpRouteReport = { cost: 0, minDuration: 0, schedule: null };
    reports.push(report);
    const add = (code: DarpViolationCode, message: string): void => {
      violations.push({ code, message: `route ${ri}: ${message}`, route: ri });
    };
    if (route.length < 2 || route[0] !== 0 || route[route.length - 1] !== end) {
      add('RouteShape', `must start at 0 and end at ${end}, got [${route.slice(0, 3).join(', ')}${route.length > 3 ? ', ...' : ''}]`);
      return;
    }
    const inner = route.slice(1, -1);
    if (inner.length === 0) return;
    vehicles++;
    let shapeOk = true;
    for (const v of inner) {
      if (!Number.isInteger(v) || v < 0 || v > end) {
        add('UnknownNode', `node ${v} does not exist`);
        shapeOk = false;
      } else if (v === 0 || v === end) {
        add('RouteShape', `visits depot ${v} in the middle`);
        shapeOk = false;
      } else if (seenOn[v] >= 0) {
        add('RequestRepeated', `node ${v} is visited again (also on route ${seenOn[v]})`);
        shapeOk = false;
      } else {
        seenOn[v] = ri;
      }
    }
    if (!shapeOk) return;
    const nodes = route.map((v) => inst.nodes[v]);
    for (let k = 0; k + 1 < nodes.length; k++) report.cost += darpDistance(nodes[k], nodes[k + 1]);
    cost += report.cost;

    // Pairing and capacity.
    let load = 0;
    const position = new Map<number, number>();
    route.forEach((v, k) => position.set(v, k));
    for (let k = 1; k < route.length - 1; k++) {
      const v = route[k];
      if (v > n && !position.has(v - n)) add('SplitRequest', `dropoff ${v} without its pickup ${v - n} on the same route`);
      if (v <= n && !position.has(v + n)) add('SplitRequest', `pickup ${v} without its dropoff ${v + n} on the same route`);
      if (v > n && position.has(v - n) && position.get(v - n)! > k) add('DropoffBeforePickup', `dropoff ${v} comes before pickup ${v - n}`);
      load += inst.nodes[v].load;
      if (load > inst.capacity) add('Capacity', `${load} on board after node ${v}, capacity ${inst.capacity}`);
    }

    // Time windows: as early as possible from a departure at the depot's opening.
    const m = nodes.length;
    const travel = (k: number): number => darpDistance(nodes[k], nodes[k + 1]);
    const start = new Array<number>(m).fill(0);
    const wait = new Array<number>(m).fill(0);
    start[0] = nodes[0].earliestS;
    let windowsOk = true;
    for (let k = 1; k < m; k++) {
      const arrive = start[k - 1] + nodes[k - 1].serviceS + travel(k - 1);
      start[k] = Math.max(arrive, nodes[k].earliestS);
      wait[k] = start[k] - arrive;
      if (start[k] > nodes[k].latestS + EPS) {
        add('TimeWindow', `service at node ${route[k]} starts at ${start[k].toFixed(3)}, after its window closes at ${nodes[k].latestS}`);
        windowsOk = false;
        break;
      }
    }
    if (!windowsOk) return;

    // Shortest duration: delay the departure by the forward time slack at the depot (Savelsbergh 1992), capped by
    // the total waiting, since waiting is all a later departure can remove.
    let slack = nodes[0].latestS - start[0];
    let waited = 0;
    for (let k = 1; k < m; k++) {
      waited += wait[k];
      slack = Math.min(slack, waited + nodes[k].latestS - start[k]);
    }
    const delay = Math.max(0, Math.min(slack, waited));
    report.minDuration = start[m - 1] - start[0] - delay;
    if (report.minDuration > inst.maxRouteDuration + EPS) {
      add('RouteDuration', `lasts at least ${report.minDuration.toFixed(3)}, more than T = ${inst.maxRouteDuration}`);
      return;
    }

    // Ride times: does a schedule exist meeting windows, T and every ride limit at once? (Bellman-Ford below.)
    report.schedule = feasibleSchedule(inst, route);
    if (!report.schedule) {
      const worst = inner
        .filter((v) => v <= n)
        .map((v) => {
          const a = position.get(v)!;
          const b = position.get(v + n)!;
          let chain = 0;
          for (let k = a; k < b; k++) chain += travel(k) + (k > a ? nodes[k].serviceS : 0);
          return { v, chain };
        })
        .sort((x, y) => y.chain - x.chain)[0];
      add('RideTime', `no schedule keeps every ride within L = ${inst.maxRideTime} (longest no-wait ride: request ${worst?.v}, ${worst?.chain.toFixed(3)})`);
    }
  });

  for (let i = 1; i <= n; i++) {
    if (seenOn[i] < 0 && seenOn[i + n] < 0) violations.push({ code: 'RequestMissing', message: `request ${i} (nodes ${i} → ${i + n}) is not served` });
  }
  if (vehicles > inst.vehicles) violations.push({ code: 'TooManyRoutes', message: `${vehicles} routes used, at most K = ${inst.vehicles}` });
  return { feasible: violations.length === 0, cost, vehicles, violations, routes: reports };
}

/**
 * A start-of-service time per position satisfying every time constraint, or null. The constraints are differences
 * (x[v] - x[u] <= w), so this is a shortest-path problem from a virtual origin: Bellman-Ford, where a negative cycle
 * means no schedule exists.
 */
function feasibleSchedule(inst: DarpInstance, route: readonly number[]): number[] | null {
  const n = inst.requestCount;
  const m = route.length;
  const nodes = route.map((v) => inst.nodes[v]);
  const origin = m;
  const edges: Array<[from: number, to: number, weight: number]> = [];
  for (let k = 0; k + 1 < m; k++) edges.push([k + 1, k, -(nodes[k].serviceS + darpDistance(nodes[k], nodes[k + 1]))]);
  for (let k = 0; k < m; k++) {
    edges.push([origin, k, nodes[k].latestS]);
    edges.push([k, origin, -nodes[k].earliestS]);
  }
  for (let a = 1; a < m - 1; a++) {
    if (route[a] > n) continue;
    const b = route.indexOf(route[a] + n);
    edges.push([a, b, nodes[a].serviceS + inst.maxRideTime]);
  }
  edges.push([0, m - 1, inst.maxRouteDuration]);
  const dist = new Array<number>(m + 1).fill(Infinity);
  dist[origin] = 0;
  for (let round = 0; round <= m + 1; round++) {
    let changed = false;
    for (const [u, v, w] of edges) {
      if (dist[u] + w < dist[v] - EPS) {
        dist[v] = dist[u] + w;
        changed = true;
      }
    }
    // Shortest distances are the latest feasible times. Improvements below EPS are float noise, not a cycle.
    if (!changed) return dist.slice(0, m);
  }
  return null;
}
