import type { ChGraph } from './ChGraph';
import { UpwardSearch } from './UpwardSearch';
import { BoundedCache } from '../BoundedCache';
import type { Seed } from '../snap/Phantom';

/** The nodes one upward search settled (stalled ones left out, numbered by rank as in ChGraph), in settle order, with their labels then. */
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
  /** One search's settled nodes and labels, before they are copied out at their size. */
  private scratchNode = new Int32Array(1024);
  private scratchWeight = new Float64Array(1024);
  private scratchDuration = new Float64Array(1024);
  private scratchDistance = new Float64Array(1024);

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
    let count = 0;
    s.start(seeds);
    while (s.heap.size > 0) {
      const u = s.step();
      if (u < 0) continue;
      if (count === this.scratchNode.length) this.growScratch();
      this.scratchNode[count] = u;
      this.scratchWeight[count] = s.weight[u];
      this.scratchDuration[count] = s.durationOf(u);
      this.scratchDistance[count] = s.distanceOf(u);
      count++;
    }
    return {
      node: this.scratchNode.slice(0, count),
      weightS: this.scratchWeight.slice(0, count),
      durationS: this.scratchDuration.slice(0, count),
      distanceM: this.scratchDistance.slice(0, count),
    };
  }

  private growScratch(): void {
    const size = this.scratchNode.length * 2;
    const node = new Int32Array(size);
    node.set(this.scratchNode);
    this.scratchNode = node;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.scratchWeight = grow(this.scratchWeight);
    this.scratchDuration = grow(this.scratchDuration);
    this.scratchDistance = grow(this.scratchDistance);
  }
}
