import type { LngLat } from '../routing/Router';
import { LocalProjection } from '../routing/geo';
import type { FleetVehicle } from '../dispatcher/fleet/FleetModel';

/**
 * The dispatch bench's baseline: the same K nearest vehicles the R-tree finds (each vehicle's box around its
 * position and stops, the same projection, the same radius), picked by scanning every box. Boxes are kept as
 * flat arrays, as an index would keep them, so the scan is a fair one.
 */
export class LinearNearest {
  private readonly ids: string[] = [];
  private readonly box: Float64Array;
  private readonly proj: LocalProjection;
  private readonly gap: Float64Array;
  private readonly order: Int32Array;

  constructor(vehicles: readonly FleetVehicle[], referenceLat: number) {
    this.proj = new LocalProjection(referenceLat);
    this.box = new Float64Array(4 * vehicles.length);
    vehicles.forEach((v, k) => {
      this.ids.push(v.id);
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const p of [v.position, ...v.stops.map((s) => s.location)]) {
        const x = this.proj.x(p[0]);
        const y = this.proj.y(p[1]);
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      this.box.set([minX, minY, maxX, maxY], 4 * k);
    });
    this.gap = new Float64Array(vehicles.length);
    this.order = new Int32Array(vehicles.length);
  }

  /** Distance from the point to the vehicle's box (0 inside it). */
  gapM(vehicleId: string, point: LngLat): number {
    const k = this.ids.indexOf(vehicleId);
    const x = this.proj.x(point[0]);
    const y = this.proj.y(point[1]);
    const b = this.box;
    return Math.hypot(Math.max(b[4 * k] - x, 0, x - b[4 * k + 2]), Math.max(b[4 * k + 1] - y, 0, y - b[4 * k + 3]));
  }

  /** Ids of the vehicles whose box lies within radiusM of the point, nearest first, at most `limit`. */
  near(point: LngLat, radiusM: number, limit: number): string[] {
    const x = this.proj.x(point[0]);
    const y = this.proj.y(point[1]);
    const b = this.box;
    let hits = 0;
    for (let k = 0; k < this.ids.length; k++) {
      const dx = Math.max(b[4 * k] - x, 0, x - b[4 * k + 2]);
      const dy = Math.max(b[4 * k + 1] - y, 0, y - b[4 * k + 3]);
      const d = Math.hypot(dx, dy);
      if (d > radiusM) continue;
      this.gap[k] = d;
      this.order[hits++] = k;
    }
    const within = Array.from(this.order.subarray(0, hits)).sort((p, q) => this.gap[p] - this.gap[q]);
    return within.slice(0, limit).map((k) => this.ids[k]);
  }
}
