import type { LngLat } from '../../Router';
import type { RoadNetwork } from '../graph/RoadNetwork';

/** A point snapped onto a chain: where along it, and how far the query point was. */
export interface Phantom {
  chain: number;
  /** Metres from the chain's first coordinate. */
  offsetM: number;
  location: LngLat;
  /** From the query point to `location`. */
  distanceM: number;
  /** Whether the query point lies right of the chain's forward direction; undefined when it lies on the road. */
  rightOfForward?: boolean;
  /** The segment's first coordinate index (for OSM node ids). */
  coord?: number;
  /** Reach (and leave) this point with it on the curb side (Approach 'curb'). */
  curb?: boolean;
  /** Only this direction of the chain may be used here (0 forward, 1 backward): a bearings filter. */
  direction?: 0 | 1;
}

/**
 * An edge-based node (a chain in one direction, see turnGraph.ts) a search starts from or ends at.
 * An edge a → b of the edge-based graph costs all of a, so a source seed starts at minus the part of
 * its chain already behind the point, and a target seed adds the part of its chain up to the point.
 */
export interface Seed {
  node: number;
  /** Routing weight (what searches minimise). */
  weightS: number;
  durationS: number;
  distanceM: number;
}

function fraction(net: RoadNetwork, p: Phantom): number {
  const len = net.chainLengthM[p.chain];
  return len > 0 ? p.offsetM / len : 0;
}

/** The edge-based nodes a trip starting at p may leave on: ahead along the chain, or back along it. */
export function sourceSeeds(net: RoadNetwork, p: Phantom): Seed[] {
  const c = p.chain;
  const f = fraction(net, p);
  const len = net.chainLengthM[c];
  const seeds: Seed[] = [];
  if (net.chainForwardS[c] >= 0) seeds.push({ node: c * 2, weightS: -f * net.chainForwardW[c], durationS: -f * net.chainForwardS[c], distanceM: -p.offsetM });
  if (net.chainBackwardS[c] >= 0) {
    seeds.push({ node: c * 2 + 1, weightS: -(1 - f) * net.chainBackwardW[c], durationS: -(1 - f) * net.chainBackwardS[c], distanceM: -(len - p.offsetM) });
  }
  return seeds;
}

/** The edge-based nodes a trip ending at p arrives on, with the part of the chain up to p. */
export function targetSeeds(net: RoadNetwork, p: Phantom): Seed[] {
  const c = p.chain;
  const f = fraction(net, p);
  const len = net.chainLengthM[c];
  const seeds: Seed[] = [];
  if (net.chainForwardS[c] >= 0) seeds.push({ node: c * 2, weightS: f * net.chainForwardW[c], durationS: f * net.chainForwardS[c], distanceM: p.offsetM });
  if (net.chainBackwardS[c] >= 0) {
    seeds.push({ node: c * 2 + 1, weightS: (1 - f) * net.chainBackwardW[c], durationS: (1 - f) * net.chainBackwardS[c], distanceM: len - p.offsetM });
  }
  return seeds;
}

/** Travel along one chain without leaving it, when source and target lie on it in an allowed order. */
export function sameChainTrip(net: RoadNetwork, s: Phantom, t: Phantom): { weightS: number; durationS: number; distanceM: number; backward: boolean } | null {
  if (s.chain !== t.chain) return null;
  const c = s.chain;
  const len = net.chainLengthM[c];
  const d = t.offsetM - s.offsetM;
  if (d >= 0 && net.chainForwardS[c] >= 0) {
    const q = len > 0 ? d / len : 0;
    return { weightS: q * net.chainForwardW[c], durationS: q * net.chainForwardS[c], distanceM: d, backward: false };
  }
  if (d <= 0 && net.chainBackwardS[c] >= 0) {
    const q = len > 0 ? -d / len : 0;
    return { weightS: q * net.chainBackwardW[c], durationS: q * net.chainBackwardS[c], distanceM: -d, backward: true };
  }
  return null;
}

/**
 * OSRM's approaches=curb where traffic keeps right: on a two-way road, only the direction that has the
 * point on its right is used (to arrive and to leave); a one-way road keeps its only direction.
 */
export function curbSide(p: Phantom, seeds: Seed[]): Seed[] {
  if (p.direction !== undefined && seeds.length > 1) seeds = seeds.filter((s) => (s.node & 1) === p.direction);
  if (!p.curb || p.rightOfForward === undefined || seeds.length < 2) return seeds;
  const keep = p.rightOfForward ? 0 : 1;
  return seeds.filter((s) => (s.node & 1) === keep);
}
