import { totalmem } from 'node:os';
import type { ChGraph } from './ChGraph';
import { UpwardSearch } from './UpwardSearch';
import { WasmUpwardSearch } from './WasmUpwardSearch';
import { BoundedCache } from '../BoundedCache';
import type { Seed } from '../snap/Phantom';

/** The nodes one upward search settled (stalled ones left out, numbered by rank as in ChGraph), in settle order, with their labels then. */
export interface SearchSpace {
  readonly node: Int32Array;
  readonly weightS: Float64Array;
  readonly durationS: Float64Array;
  readonly distanceM: Float64Array;
}

/** Bytes one settled node takes in a kept space: its rank (Int32) and three labels (Float64), in one buffer a space. */
export const SEARCH_SPACE_BYTES_PER_NODE = 28;
/** Node-equivalents a kept space costs beyond its nodes (the buffer, its four views, the cache entry). */
const SPACE_OVERHEAD_NODES = 16;
const MB = 1024 * 1024;

/**
 * Settled nodes kept per direction for a machine with `totalMemBytes`: 1/32 of it, at least 56 MB (2M nodes) and at
 * most 512 MB (19M nodes). A space has ~30 nodes on a district and ~200 on a 250k-node city (53k road nodes), so the
 * cap holds ~95,000 city points a direction: every stop, depot and position of a 10,000-vehicle fleet (≈ 8 a
 * vehicle), which a dispatcher asks for again and again. Memory is only taken as points are searched.
 */
export function searchSpaceCacheNodes(totalMemBytes: number): number {
  const bytes = Math.min(512 * MB, Math.max(56 * MB, totalMemBytes / 32));
  return Math.floor(bytes / SEARCH_SPACE_BYTES_PER_NODE);
}

/** A space of `count` nodes in one buffer (three Float64 label arrays, then the Int32 ranks): a quarter of the allocations of four. */
export function allocateSpace(count: number): SearchSpace {
  const buffer = new ArrayBuffer(count * SEARCH_SPACE_BYTES_PER_NODE);
  return {
    weightS: new Float64Array(buffer, 0, count),
    durationS: new Float64Array(buffer, count * 8, count),
    distanceM: new Float64Array(buffer, count * 16, count),
    node: new Int32Array(buffer, count * 24, count),
  };
}

/**
 * Which code searches a space: the WebAssembly core (WasmUpwardSearch, the default: the same spaces, bit for bit, in
 * about two thirds of the time) or the TypeScript one (UpwardSearch; for the benchmark's baseline and the tests that
 * hold the two equal).
 */
export type SearchCore = 'wasm' | 'js';

/** This machine's budget (searchSpaceCacheNodes of its memory). */
export const DEFAULT_SEARCH_SPACE_CACHE_NODES = searchSpaceCacheNodes(totalmem());

/**
 * The upward search spaces of seed sets in one direction, each searched once and then kept (bounded, oldest out
 * first, but a space asked for again since it was kept gets a second chance: BoundedCache's secondChance). A search is a pure function of its seeds, so a kept space is exactly what a fresh
 * search would settle: the vehicles' stops and depots, asked for in every table, are searched once, not per table.
 * Seed arrays must not be mutated once searched (the router's are frozen by use: TablePoint derives each once).
 */
export class SearchSpaces {
  private readonly search: WasmUpwardSearch | UpwardSearch;
  private readonly cache: BoundedCache<readonly Seed[], SearchSpace>;
  /** One search's settled nodes and labels, before they are copied out at their size. */
  private scratchNode = new Int32Array(1024);
  private scratchWeight = new Float64Array(1024);
  private scratchDuration = new Float64Array(1024);
  private scratchDistance = new Float64Array(1024);

  constructor(ch: ChGraph, direction: 'forward' | 'backward', capacityNodes = DEFAULT_SEARCH_SPACE_CACHE_NODES, core: SearchCore = 'wasm') {
    this.search = core === 'wasm' ? new WasmUpwardSearch(ch, direction) : new UpwardSearch(ch, direction);
    this.cache = new BoundedCache<readonly Seed[], SearchSpace>(capacityNodes, (s) => s.node.length + SPACE_OVERHEAD_NODES, true);
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

  /** Whether these seeds' space is kept (a table searches the missing ones first, maybe on another thread). */
  has(seeds: readonly Seed[]): boolean {
    return this.cache.has(seeds);
  }

  /** Keeps a space searched elsewhere (ParallelSettler: the same search on another thread, so the same space). */
  keep(seeds: readonly Seed[], space: SearchSpace): void {
    this.cache.set(seeds, space);
  }

  /** Searches these seeds on this thread, keeping nothing. */
  settle(seeds: readonly Seed[]): SearchSpace {
    const s = this.search;
    if (s instanceof WasmUpwardSearch) return s.settle(seeds);
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
    const space = allocateSpace(count);
    space.weightS.set(this.scratchWeight.subarray(0, count));
    space.durationS.set(this.scratchDuration.subarray(0, count));
    space.distanceM.set(this.scratchDistance.subarray(0, count));
    space.node.set(this.scratchNode.subarray(0, count));
    return space;
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
