import type { DispatchProblem } from '../model';

/** A stop in a route written out for re-simulation: the request index and which end. */
export interface PlainStop {
  request: number;
  kind: 'pickup' | 'dropoff';
}

export interface Resimulation {
  feasible: boolean;
  /** Least and greatest start of service per position (start and end included), when feasible. */
  earliest: number[];
  latest: number[];
}

/**
 * Independent re-simulation of one vehicle's route, for tests: written from the plain problem, with none of the
 * insertion core's code. Time feasibility is a system of difference constraints solved by Bellman-Ford
 * (x[v] - x[u] <= w as an edge u → v of weight w, with a virtual origin z holding the windows).
 */
export function resimulate(problem: DispatchProblem, vehicle: number, stops: readonly PlainStop[], opts: { ignoreCapacity?: boolean } = {}): Resimulation {
  const veh = problem.vehicles[vehicle];
  const seq = [veh.start, ...stops.map((s) => problem.requests[s.request][s.kind]), veh.end];
  const m = seq.length;
  let seats = 0;
  let wheelchairs = 0;
  for (const r of problem.requests) {
    if (r.onboardVehicle === vehicle) {
      seats += r.seats;
      wheelchairs += r.wheelchairs;
    }
  }
  for (const s of stops) {
    const r = problem.requests[s.request];
    const sign = s.kind === 'pickup' ? 1 : -1;
    seats += sign * r.seats;
    wheelchairs += sign * r.wheelchairs;
    if (!opts.ignoreCapacity && (seats > veh.seats || wheelchairs > veh.wheelchairs)) return { feasible: false, earliest: [], latest: [] };
  }
  const z = m;
  const edges: Array<[number, number, number]> = [];
  for (let k = 0; k + 1 < m; k++) {
    const t = problem.travelTimes.durationS(seq[k].node, seq[k + 1].node);
    edges.push([k + 1, k, -(seq[k].serviceS + t)]);
  }
  seq.forEach((s, k) => {
    edges.push([z, k, s.latestS]);
    edges.push([k, z, -s.earliestS]);
  });
  stops.forEach((s, a) => {
    if (s.kind !== 'pickup') return;
    const b = stops.findIndex((o) => o.request === s.request && o.kind === 'dropoff');
    if (b >= 0) edges.push([a + 1, b + 1, seq[a + 1].serviceS + problem.requests[s.request].maxRideS]);
  });
  if (Number.isFinite(veh.maxDurationS)) edges.push([0, m - 1, veh.maxDurationS]);

  const shortest = (from: number, reverse: boolean): number[] | null => {
    const dist = new Array<number>(m + 1).fill(Infinity);
    dist[from] = 0;
    for (let round = 0; round <= m + 1; round++) {
      let changed = false;
      for (const [u0, v0, w] of edges) {
        const [u, v] = reverse ? [v0, u0] : [u0, v0];
        if (dist[u] + w < dist[v] - 1e-7) {
          dist[v] = dist[u] + w;
          changed = true;
        }
      }
      if (!changed) return dist;
    }
    return null; // still relaxing: a negative cycle, so no schedule exists
  };
  const fromZ = shortest(z, false);
  const toZ = shortest(z, true);
  if (!fromZ || !toZ) return { feasible: false, earliest: [], latest: [] };
  return { feasible: true, earliest: toZ.slice(0, m).map((d) => -d), latest: fromZ.slice(0, m) };
}
