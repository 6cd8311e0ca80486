import type { RoadNetwork } from './RoadNetwork';

/**
 * The fastest speed anywhere on the network (m/s, either direction of any road). A vehicle whose straight-line
 * distance to a pickup exceeds the time left times this speed cannot reach it in time: the candidate radius
 * from it prunes nothing that could serve.
 */
export function networkTopSpeedMps(net: RoadNetwork): number {
  let top = 0;
  for (let c = 0; c < net.chainLengthM.length; c++) {
    for (const s of [net.chainForwardS[c], net.chainBackwardS[c]]) {
      if (s > 0 && Number.isFinite(s)) top = Math.max(top, net.chainLengthM[c] / s);
    }
  }
  return top;
}
