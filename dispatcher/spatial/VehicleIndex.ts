/// <reference path="./rbush-knn.d.ts" />
import RBush from 'rbush';
import knn from 'rbush-knn';
import type { LngLat } from '../../routing/Router';
import { LocalProjection } from '../../routing/geo';

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  vehicleId: string;
}

/**
 * R-tree (rbush) over where each vehicle is and will be: one box per vehicle around its position and
 * its planned stops, in a local metric projection. `near` returns the vehicles whose box comes within
 * `radiusM` of a point: the candidates worth an insertion check. Updated in place as vehicles move.
 */
export class VehicleIndex {
  private readonly tree = new RBush<Entry>(16);
  private readonly entries = new Map<string, Entry>();
  private readonly proj: LocalProjection;

  constructor(referenceLat: number) {
    this.proj = new LocalProjection(referenceLat);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Inserts or moves a vehicle: `points` are its position and its planned stops. */
  upsert(vehicleId: string, points: readonly LngLat[]): void {
    this.remove(vehicleId);
    if (points.length === 0) return;
    const entry: Entry = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity, vehicleId };
    for (const p of points) {
      const x = this.proj.x(p[0]);
      const y = this.proj.y(p[1]);
      if (x < entry.minX) entry.minX = x;
      if (x > entry.maxX) entry.maxX = x;
      if (y < entry.minY) entry.minY = y;
      if (y > entry.maxY) entry.maxY = y;
    }
    this.tree.insert(entry);
    this.entries.set(vehicleId, entry);
  }

  remove(vehicleId: string): void {
    const old = this.entries.get(vehicleId);
    if (!old) return;
    this.tree.remove(old);
    this.entries.delete(vehicleId);
  }

  /**
   * Vehicles whose box lies within radiusM of the point, nearest boxes first, at most `limit`: a best-first
   * walk of the tree (rbush-knn) that stops after `limit` hits, so a radius covering the whole city costs no
   * more than a tight one. With `accept`, only the vehicles it accepts count (the walk goes on past the others).
   */
  near(point: LngLat, radiusM: number, limit: number, accept?: (vehicleId: string) => boolean): string[] {
    if (limit <= 0) return [];
    const filter = accept ? (item: { vehicleId: string }) => accept(item.vehicleId) : undefined;
    // rbush-knn reads a maximum distance of 0 as "no limit": a zero radius still means boxes touching the point.
    const hits = knn(this.tree, this.proj.x(point[0]), this.proj.y(point[1]), limit, filter, Math.max(radiusM, 1e-6));
    return hits.map((h) => h.vehicleId);
  }
}
