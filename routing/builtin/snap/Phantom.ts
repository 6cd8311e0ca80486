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
}

/** A graph node a search starts from (or ends at), with the time and length already spent on the chain. */
export interface Seed {
  node: number;
  weightS: number;
  distanceM: number;
}

function fraction(net: RoadNetwork, p: Phantom): number {
  const len = net.chainLengthM[p.chain];
  return len > 0 ? p.offsetM / len : 0;
}

/** Where a trip starting at p enters the graph: ahead along the chain, or back along it. */
export function sourceSeeds(net: RoadNetwork, p: Phantom): Seed[] {
  const c = p.chain;
  const f = fraction(net, p);
  const len = net.chainLengthM[c];
  const seeds: Seed[] = [];
  if (net.chainForwardS[c] >= 0) seeds.push({ node: net.chainTo[c], weightS: (1 - f) * net.chainForwardS[c], distanceM: len - p.offsetM });
  if (net.chainBackwardS[c] >= 0) seeds.push({ node: net.chainFrom[c], weightS: f * net.chainBackwardS[c], distanceM: p.offsetM });
  return seeds;
}

/** Where a trip ending at p leaves the graph: the node it reaches p from, with the rest of the chain. */
export function targetSeeds(net: RoadNetwork, p: Phantom): Seed[] {
  const c = p.chain;
  const f = fraction(net, p);
  const len = net.chainLengthM[c];
  const seeds: Seed[] = [];
  if (net.chainForwardS[c] >= 0) seeds.push({ node: net.chainFrom[c], weightS: f * net.chainForwardS[c], distanceM: p.offsetM });
  if (net.chainBackwardS[c] >= 0) seeds.push({ node: net.chainTo[c], weightS: (1 - f) * net.chainBackwardS[c], distanceM: len - p.offsetM });
  return seeds;
}

/** Travel along one chain without touching a node, when source and target lie on it in an allowed order. */
export function sameChainTrip(net: RoadNetwork, s: Phantom, t: Phantom): { weightS: number; distanceM: number; backward: boolean } | null {
  if (s.chain !== t.chain) return null;
  const c = s.chain;
  const len = net.chainLengthM[c];
  const d = t.offsetM - s.offsetM;
  if (d >= 0 && net.chainForwardS[c] >= 0) {
    return { weightS: len > 0 ? (d / len) * net.chainForwardS[c] : 0, distanceM: d, backward: false };
  }
  if (d <= 0 && net.chainBackwardS[c] >= 0) {
    return { weightS: len > 0 ? (-d / len) * net.chainBackwardS[c] : 0, distanceM: -d, backward: true };
  }
  return null;
}
