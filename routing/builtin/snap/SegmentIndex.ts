import Flatbush from 'flatbush';
import type { LngLat } from '../../Router';
import { haversineM, LocalProjection } from '../../geo';
import type { RoadNetwork } from '../graph/RoadNetwork';
import type { Phantom } from './Phantom';
import { MAIN } from '../graph/mainComponent';
import { BoundedCache } from '../BoundedCache';

/** How many nearby segments (by bounding box) are measured exactly before the closest is chosen. */
export const NEAREST_CANDIDATES = 24;
/** Snapped points kept (each a phantom or two): the stops and depots a dispatcher's tables name again and again. */
export const DEFAULT_SNAP_CACHE_SIZE = 50_000;

/**
 * Spatial index over every road segment (consecutive coordinates of a chain), in a local metric
 * projection. `snap` projects the query point onto the closest segment, not just the closest node.
 */
export class SegmentIndex {
  private readonly index: Flatbush;
  private readonly proj: LocalProjection;
  /** Per segment: the index of its first coordinate (the second is the next one in the same chain). */
  private readonly segCoord: Int32Array;
  private readonly segChain: Int32Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly snaps: BoundedCache<string, readonly Phantom[]>;

  constructor(
    private readonly net: RoadNetwork,
    snapCacheSize = DEFAULT_SNAP_CACHE_SIZE,
  ) {
    this.snaps = new BoundedCache(snapCacheSize);
    let refLat = 0;
    for (let i = 0; i < net.nodeCount; i++) refLat += net.nodeLat[i];
    this.proj = new LocalProjection(net.nodeCount > 0 ? refLat / net.nodeCount : 0);
    const nc = net.coordLon.length;
    this.x = new Float64Array(nc);
    this.y = new Float64Array(nc);
    for (let i = 0; i < nc; i++) {
      this.x[i] = this.proj.x(net.coordLon[i]);
      this.y[i] = this.proj.y(net.coordLat[i]);
    }
    const segCoord: number[] = [];
    const segChain: number[] = [];
    for (let c = 0; c < net.chainCount; c++) {
      for (let i = net.chainCoordStart[c]; i + 1 < net.chainCoordStart[c + 1]; i++) {
        segCoord.push(i);
        segChain.push(c);
      }
    }
    this.segCoord = Int32Array.from(segCoord);
    this.segChain = Int32Array.from(segChain);
    this.index = new Flatbush(Math.max(1, segCoord.length));
    for (const i of segCoord) {
      const x0 = this.x[i], y0 = this.y[i], x1 = this.x[i + 1], y1 = this.y[i + 1];
      this.index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    if (segCoord.length === 0) this.index.add(0, 0, 0, 0); // flatbush needs one item; never matched
    this.index.finish();
  }

  /**
   * The closest road point, and when that road lies outside the main component (a stretch cut off by
   * a barrier or by the extract's edge), also the closest point on the main component as a fallback
   * (OSRM does the same). Searches start from both; the location reported is the closest.
   * A pure function of the point, so each point is snapped once and kept (the phantoms are shared: never mutate them).
   */
  snap(point: LngLat): readonly Phantom[] {
    const key = `${point[0]},${point[1]}`;
    const hit = this.snaps.get(key);
    if (hit) return hit;
    const found = this.snapUncached(point);
    this.snaps.set(key, found);
    return found;
  }

  private snapUncached(point: LngLat): Phantom[] {
    const nearest = this.closest(point, () => true);
    if (!nearest) return [];
    if (this.net.chainMain[nearest.chain] === MAIN) return [nearest];
    const main = this.closest(point, (c) => this.net.chainMain[c] === MAIN);
    return main ? [nearest, main] : [nearest];
  }

  /** The closest point on a chain that passes `accept`. */
  closest(point: LngLat, accept: (chain: number) => boolean): Phantom | null {
    return this.closestMany(point, 1, accept)[0] ?? null;
  }

  /** The `count` closest road points, one per segment, closest first. */
  closestMany(point: LngLat, count: number, accept: (chain: number) => boolean = () => true, bearing?: readonly [number, number]): Phantom[] {
    if (this.segCoord.length === 0) return [];
    const px = this.proj.x(point[0]);
    const py = this.proj.y(point[1]);
    const found = this.index.neighbors(px, py, Math.max(NEAREST_CANDIDATES, count * 4), Infinity, (s: number) => accept(this.segChain[s]));
    // Measure every candidate, then build phantoms for the closest `count` only (the same ones, in the same order:
    // the sort is stable).
    const scored: Array<{ d2: number; s: number; t: number; only: 0 | 1 | undefined }> = [];
    for (const s of found) {
      const i = this.segCoord[s];
      const x0 = this.x[i], y0 = this.y[i];
      const dx = this.x[i + 1] - x0, dy = this.y[i + 1] - y0;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
      const sx = x0 + t * dx, sy = y0 + t * dy;
      const d2 = (px - sx) ** 2 + (py - sy) ** 2;
      const c = this.segChain[s];
      let only: 0 | 1 | undefined;
      if (bearing) {
        const fwd = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
        const near = (b: number) => Math.abs(((b - bearing[0] + 540) % 360) - 180) <= bearing[1];
        const f = this.net.chainForwardS[c] >= 0 && near(fwd);
        const r = this.net.chainBackwardS[c] >= 0 && near((fwd + 180) % 360);
        if (!f && !r) continue;
        if (f !== r) only = f ? 0 : 1;
      }
      scored.push({ d2, s, t, only });
    }
    scored.sort((a, b) => a.d2 - b.d2);
    return scored.slice(0, count).map(({ s, t, only }) => {
      const i = this.segCoord[s];
      const x0 = this.x[i], y0 = this.y[i];
      const dx = this.x[i + 1] - x0, dy = this.y[i + 1] - y0;
      const sx = x0 + t * dx, sy = y0 + t * dy;
      const segLen = this.net.coordOffsetM[i + 1] - this.net.coordOffsetM[i];
      const lon = this.proj.lon(sx);
      const lat = this.proj.lat(sy);
      const cross = dx * (py - y0) - dy * (px - x0);
      const distance = haversineM(point[0], point[1], lon, lat);
      return {
        chain: this.segChain[s],
        offsetM: this.net.coordOffsetM[i] + t * segLen,
        location: [round6(lon), round6(lat)] as LngLat,
        distanceM: distance,
        rightOfForward: distance < 0.01 ? undefined : cross < 0,
        coord: i,
        ...(only !== undefined ? { direction: only } : {}),
      };
    });
  }
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
