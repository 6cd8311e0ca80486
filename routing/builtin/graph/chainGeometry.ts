import type { LngLat } from '../../Router';
import type { RoadNetwork } from './RoadNetwork';

/** The point at `offsetM` metres along chain c. */
export function pointAlong(net: RoadNetwork, c: number, offsetM: number): LngLat {
  const start = net.chainCoordStart[c];
  const end = net.chainCoordStart[c + 1];
  for (let i = start; i + 1 < end; i++) {
    const a = net.coordOffsetM[i];
    const b = net.coordOffsetM[i + 1];
    if (offsetM <= b) {
      const t = b > a ? (offsetM - a) / (b - a) : 0;
      return [net.coordLon[i] + t * (net.coordLon[i + 1] - net.coordLon[i]), net.coordLat[i] + t * (net.coordLat[i + 1] - net.coordLat[i])];
    }
  }
  return [net.coordLon[end - 1], net.coordLat[end - 1]];
}

/**
 * Appends the chain's geometry between two offsets (metres from its first coordinate) to `out`,
 * in travel order: from > to walks the chain backward. Repeated points at the junctions are skipped.
 */
export function appendChainSlice(net: RoadNetwork, c: number, fromM: number, toM: number, out: LngLat[]): void {
  const push = (p: LngLat) => {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  };
  const start = net.chainCoordStart[c];
  const end = net.chainCoordStart[c + 1];
  push(pointAlong(net, c, fromM));
  if (fromM <= toM) {
    for (let i = start; i < end; i++) {
      const o = net.coordOffsetM[i];
      if (o > fromM && o < toM) push([net.coordLon[i], net.coordLat[i]]);
    }
  } else {
    for (let i = end - 1; i >= start; i--) {
      const o = net.coordOffsetM[i];
      if (o < fromM && o > toM) push([net.coordLon[i], net.coordLat[i]]);
    }
  }
  push(pointAlong(net, c, toM));
}
