import Flatbush from 'flatbush';
import { distanceM, LocalProjection } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';

/** A place a vehicle can safely stop and a rider can walk to: a virtual stop. */
export interface MeetingPoint {
  id: string;
  location: LngLat;
  /** Where it came from: a planner's GeoJSON, or derived from the road network. */
  source: 'imported' | 'network';
  /** Street name, '' when unknown. */
  name: string;
}

/** A meeting point found near a place, with its straight-line distance. */
export interface NearbyMeetingPoint {
  point: MeetingPoint;
  straightM: number;
}

/**
 * The candidate meeting points of a service, indexed for "which are within r metres of here". Static (built once
 * from an import or the network); build a new set to change them.
 */
export class MeetingPointSet {
  private readonly index: Flatbush | null;
  private readonly projection: LocalProjection;

  constructor(readonly points: readonly MeetingPoint[]) {
    const refLat = points.length > 0 ? points.reduce((s, p) => s + p.location[1], 0) / points.length : 0;
    this.projection = new LocalProjection(refLat);
    if (points.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(points.length);
    for (const p of points) {
      const x = this.projection.x(p.location[0]);
      const y = this.projection.y(p.location[1]);
      this.index.add(x, y, x, y);
    }
    this.index.finish();
  }

  get size(): number {
    return this.points.length;
  }

  /** Points within radiusM (straight line) of `at`, nearest first, at most `max`. */
  within(at: LngLat, radiusM: number, max: number): NearbyMeetingPoint[] {
    if (!this.index || max <= 0) return [];
    const x = this.projection.x(at[0]);
    const y = this.projection.y(at[1]);
    // The projection's scale is exact at the set's mean latitude; a 10% margin covers a city's spread before the exact check.
    const r = radiusM * 1.1;
    const found: NearbyMeetingPoint[] = [];
    for (const i of this.index.search(x - r, y - r, x + r, y + r)) {
      const point = this.points[i];
      const straightM = distanceM(at, point.location);
      if (straightM <= radiusM) found.push({ point, straightM });
    }
    found.sort((a, b) => a.straightM - b.straightM || (a.point.id < b.point.id ? -1 : 1));
    return found.slice(0, max);
  }
}

export const NO_MEETING_POINTS = new MeetingPointSet([]);
