import { DarpError } from './DarpError';

/** One node of a Cordeau instance. Times and service in the instance's units (minutes). */
export interface DarpNode {
  id: number;
  x: number;
  y: number;
  serviceS: number;
  /** +q at a pickup, -q at its dropoff, 0 at the depots. */
  load: number;
  earliestS: number;
  latestS: number;
}

/**
 * A dial-a-ride instance (Cordeau 2006). Nodes 0..2n+1: start depot 0, pickups 1..n, dropoffs n+1..2n (request i
 * is i → n+i), end depot 2n+1. Travel time = distance = cost = Euclidean distance.
 */
export interface DarpInstance {
  name: string;
  /** K: most routes allowed. */
  vehicles: number;
  /** T: most route duration, and the depot window [0, T]. */
  maxRouteDuration: number;
  /** Q: seats per vehicle. */
  capacity: number;
  /** L: most ride time per request. */
  maxRideTime: number;
  /** n: requests, counted from positive loads. */
  requestCount: number;
  nodes: DarpNode[];
  /** Header field 2 as written (2n in most files, n in a few). */
  headerF: number;
  /** Whether the file listed node 2n+1; when not, it is a copy of node 0. */
  endDepotGiven: boolean;
}

function malformed(name: string, line: number, message: string): DarpError {
  return new DarpError('InstanceMalformed', `${name}, line ${line}: ${message}`);
}

/**
 * Parse Cordeau's format: `K F T Q L`, then `id x y service load earliest latest` per node.
 * Caveats of the public copies (PROVENANCE.md): n comes from the count of positive loads, not F; the end depot may be
 * absent (then it copies the start depot); the depot window is forced to [0, T] whatever the file says.
 */
export function parseCordeau(text: string, name = 'instance'): DarpInstance {
  const lines = text
    .split(/\r?\n/)
    .map((raw, k) => ({ line: k + 1, fields: raw.trim() === '' ? [] : raw.trim().split(/\s+/) }))
    .filter((l) => l.fields.length > 0);
  if (lines.length === 0) throw new DarpError('InstanceMalformed', `${name}: the file is empty`);
  const numbers = (l: { line: number; fields: string[] }, count: number, what: string): number[] => {
    if (l.fields.length < count) throw malformed(name, l.line, `expected ${count} numbers (${what}), found ${l.fields.length}`);
    return l.fields.slice(0, count).map((f) => {
      const v = Number(f);
      if (!Number.isFinite(v)) throw malformed(name, l.line, `'${f}' is not a number (${what})`);
      return v;
    });
  };
  const [K, F, T, Q, L] = numbers(lines[0], 5, 'K F T Q L');
  if (!Number.isInteger(K) || K < 1) throw malformed(name, lines[0].line, `vehicle count K must be a positive integer, got ${K}`);
  if (!(T > 0) || !(Q > 0) || !(L > 0)) throw malformed(name, lines[0].line, `T, Q and L must be positive, got ${T}, ${Q}, ${L}`);

  const nodes: DarpNode[] = lines.slice(1).map((l, k) => {
    const [id, x, y, service, load, earliest, latest] = numbers(l, 7, 'id x y service load earliest latest');
    if (id !== k) throw malformed(name, l.line, `node ids must run 0, 1, 2, ...; expected ${k}, found ${id}`);
    if (earliest > latest) throw malformed(name, l.line, `time window [${earliest}, ${latest}] is empty`);
    return { id, x, y, serviceS: service, load, earliestS: earliest, latestS: latest };
  });
  const n = nodes.filter((v) => v.load > 0).length;
  if (n === 0) throw new DarpError('InstanceMalformed', `${name}: no pickup nodes (no positive loads)`);
  if (nodes.length !== 2 * n + 1 && nodes.length !== 2 * n + 2) {
    throw new DarpError('InstanceMalformed', `${name}: ${n} pickups need ${2 * n + 1} or ${2 * n + 2} nodes, found ${nodes.length}`);
  }
  for (let i = 1; i <= n; i++) {
    if (!(nodes[i].load > 0)) throw malformed(name, lines[i + 1].line, `node ${i} should be a pickup (positive load)`);
    if (nodes[n + i].load !== -nodes[i].load) throw malformed(name, lines[n + i + 1].line, `node ${n + i} should drop off node ${i}'s load ${-nodes[i].load}`);
  }
  const endDepotGiven = nodes.length === 2 * n + 2;
  if (!endDepotGiven) nodes.push({ ...nodes[0], id: 2 * n + 1 });
  for (const depot of [nodes[0], nodes[2 * n + 1]]) {
    if (depot.load !== 0) throw new DarpError('InstanceMalformed', `${name}: depot node ${depot.id} has load ${depot.load}, expected 0`);
    depot.earliestS = 0;
    depot.latestS = T;
  }
  return { name, vehicles: K, maxRouteDuration: T, capacity: Q, maxRideTime: L, requestCount: n, nodes, headerF: F, endDepotGiven };
}

/** Euclidean distance between two nodes: the travel time, distance and cost of the benchmark. */
export function darpDistance(a: DarpNode, b: DarpNode): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
