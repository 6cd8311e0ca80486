/**
 * The road network as the built-in router keeps it: intersections (graph nodes) joined by chains.
 * A chain is one stretch of one OSM way between two intersections, with its full geometry; it is
 * traversable forward (from → to), backward, or both. Flat typed arrays, so it saves and loads as is.
 */
export interface RoadNetwork {
  nodeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;

  chainCount: number;
  chainFrom: Int32Array;
  chainTo: Int32Array;
  /** Seconds from → to (duration), or -1 where cars may not go that way. */
  chainForwardS: Float64Array;
  /** Seconds to → from, or -1. */
  chainBackwardS: Float64Array;
  /** Routing weight from → to (car.lua `routability`: duration over the service, width and side-road rates), or -1. */
  chainForwardW: Float64Array;
  chainBackwardW: Float64Array;
  /** CHAIN_* bits: restricted access per direction, roundabout. */
  chainFlags: Uint8Array;
  /**
   * car.lua classes (carWayClasses.ts bits: toll, motorway, ferry) per chain: forward in the low four bits, backward
   * in the high four (see chainClassMask). Absent in folders prepared before they existed.
   */
  chainClasses?: Uint8Array;
  chainLengthM: Float64Array;
  /** Index into `names`. */
  chainName: Int32Array;
  /** 1 where the chain lies in the main strongly connected component (see mainComponent.ts). */
  chainMain: Uint8Array;
  /** Strongly connected component of the chain (−1 when its ends lie in different ones). */
  chainComponent: Int32Array;
  /** Chain c's coordinates are coordLon/coordLat[chainCoordStart[c] .. chainCoordStart[c + 1]). */
  chainCoordStart: Int32Array;
  coordLon: Float64Array;
  coordLat: Float64Array;
  /** Metres from the chain's first coordinate. */
  coordOffsetM: Float64Array;
  /** OSM node id of each coordinate. */
  coordNodeId: Float64Array;

  names: string[];

  /** Seconds lost turning through each intersection (traffic signals, stop, give way, gate). */
  nodePenaltyS: Float64Array;
  /** NODE_* bits of readOsmExtract (turning place, minor stop). */
  nodeFlags: Uint8Array;
  /** Turn restrictions at chain level: arriving on chain restrictionFrom at node restrictionVia, chain restrictionTo is forbidden (or, with restrictionOnly, the only one allowed). */
  restrictionFrom: Int32Array;
  restrictionVia: Int32Array;
  restrictionTo: Int32Array;
  restrictionOnly: Uint8Array;
  /**
   * Turn restrictions with via ways, as paths of edge-based nodes (turnGraph.ts codes): restriction k is
   * wayRestrictionPath[wayRestrictionStart[k] .. wayRestrictionStart[k + 1]) = the from road arriving, every via
   * chain in driving order, then the to road leaving. After driving the from road and every via chain, the to road is
   * forbidden (or, with wayRestrictionOnly, the only one allowed). Absent in folders prepared before they existed.
   */
  wayRestrictionStart?: Int32Array;
  wayRestrictionPath?: Int32Array;
  wayRestrictionOnly?: Uint8Array;
}

export const CHAIN_FORWARD_RESTRICTED = 1;
export const CHAIN_BACKWARD_RESTRICTED = 2;
export const CHAIN_ROUNDABOUT = 4;

export const NOT_ALLOWED = -1;

/** [minLon, minLat, maxLon, maxLat] of the network's intersections. */
export function networkBbox(net: RoadNetwork): [number, number, number, number] {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let i = 0; i < net.nodeCount; i++) {
    minLon = Math.min(minLon, net.nodeLon[i]);
    maxLon = Math.max(maxLon, net.nodeLon[i]);
    minLat = Math.min(minLat, net.nodeLat[i]);
    maxLat = Math.max(maxLat, net.nodeLat[i]);
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** The class bits of chain c driven forward or backward (0 where the network has no classes). */
export function chainClassMask(net: RoadNetwork, c: number, backward: boolean): number {
  const v = net.chainClasses?.[c] ?? 0;
  return backward ? v >> 4 : v & 15;
}
