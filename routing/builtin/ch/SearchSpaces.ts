import type { ChGraph } from './ChGraph';
import { UpwardSearch } from './UpwardSearch';
import { BoundedCache } from '../BoundedCache';
import type { Seed } from '../snap/Phantom';

/** The nodes one upward search settled (stalled ones left out), in settle order, with their labels then. */
export interface SearchSpace {
  readonly node: Int32Array;
  readonly weightS: Float64Array;
  readonly durationS: Float64Array;
  readonly distanceM: Float64Array;
}

/**
 * Settled nodes kept per direction (summed over the spaces held): at ~30 nodes a space on a district and a few
 * hundred on a city, room for tens of thousands of points in a few tens of MB.
 */
export const DEFAULT_SEARCH_SPACE_CACHE_NODES = 2_000_000;

/**
 * The upward search spaces of seed sets in one direction, each searched once and then kept (bounded, least
 * held first out). A search is a pure function of its seeds, so a kept space is exactly what a fresh
 * search would settle: the vehicles' stops and depots, asked for in every table, are searched once, not per table.
 * Seed arrays must not be mutated once searched (the router's are frozen by use: TablePoint derives each once).
 */
export class SearchSpaces {
  private readonly search: UpwardSearch;
  private readonly cache: BoundedCache<readonly Seed[], SearchSpace>;

  constructor(ch: ChGraph, direction: 'forward' | 'backward', capacityNodes = DEFAULT_SEARCH_SPACE_CACHE_NODES) {
    this.search = new UpwardSearch(ch, direction);
    this.cache = new BoundedCache<readonly Seed[], SearchSpace>(capacityNodes, (s) => Math.max(1, s.node.length));
  }

  /** The space of these seeds, kept by the seed array itself: the router hands the same array for the same end (TablePoint). */
  of(seeds: readonly Seed[]): SearchSpace {
    const hit = this.cache.get(seeds);
    if (hit) return hit;
    const space = this.settle(seeds);
    this.cache.set(seeds, space);
    return space;
  }

  /** Spaces held now (for tests and the benchmark's notes). */
  get size(): number {
    return this.cache.size;
  }

  private settle(seeds: readonly Seed[]): SearchSpace {
    const s = this.search;
    const node: number[] = [];
    const weightS: number[] = [];
    const durationS: number[] = [];
    const distanceM: number[] = [];
    s.start(seeds);
    while (s.heap.size > 0) {
      const u = s.step();
      if (u < 0) continue;
      node.push(u);
      weightS.push(s.weight[u]);
      durationS.push(s.duration[u]);
      distanceM.push(s.distance[u]);
    }
    return { node: Int32Array.from(node), weightS: Float64Array.from(weightS), durationS: Float64Array.from(durationS), distanceM: Float64Array.from(distanceM) };
  }
}
