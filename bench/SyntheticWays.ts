import { carWaySpeeds, type Tags } from '../routing/builtin/osm/carProfile';
import type { DrivableWay } from '../routing/builtin/osm/readOsmExtract';

/**
 * The drivable ways of a synthetic city as they are laid out: each way gets the next id and car.lua's speeds for its
 * tags, and its highway tag is kept for the street-pattern measure. Node refs are 0-based here and 1-based in the
 * extract, as OSM ids are.
 */
export class SyntheticWays {
  readonly ways: DrivableWay[] = [];
  private readonly highway = new Map<number, string>();
  private nextId = 1;

  /** Adds a way over `refs` (0-based nodes); its id, or -1 when car.lua does not drive it or it has under 2 nodes. */
  add(refs: readonly number[], tags: Tags): number {
    const speeds = carWaySpeeds(tags);
    if (!speeds || refs.length < 2) return -1;
    const id = this.nextId++;
    this.ways.push({ id, refs: refs.map((r) => r + 1), ...speeds });
    this.highway.set(id, tags.highway ?? '');
    return id;
  }

  /** The highway tag of a way, '' for an unknown id. */
  highwayOf(wayId: number): string {
    return this.highway.get(wayId) ?? '';
  }
}
