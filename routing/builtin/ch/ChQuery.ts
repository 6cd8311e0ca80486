import type { ChGraph } from './ChGraph';
import { UpwardSearch } from './UpwardSearch';
import type { Seed } from '../snap/Phantom';

export interface ChPath {
  weightS: number;
  durationS: number;
  distanceM: number;
  /** The edge-based nodes the path leaves, in travel order (chain * 2 + backward flag): the source node first, the target node not included; empty when source and target seeds meet at once. */
  roadEdges: number[];
  /** The source seed node the path leaves from, and the target seed node it arrives at. */
  sourceNode: number;
  targetNode: number;
}

/** Point-to-point bidirectional CH query between seed sets, with shortcut unpacking. */
export class ChQuery {
  private readonly forward: UpwardSearch;
  private readonly backward: UpwardSearch;
  /** Per hierarchy node (rank): its edge-based node. */
  private readonly order: Int32Array;

  constructor(private readonly ch: ChGraph) {
    this.forward = new UpwardSearch(ch, 'forward');
    this.backward = new UpwardSearch(ch, 'backward');
    this.order = new Int32Array(ch.nodeCount);
    for (let v = 0; v < ch.nodeCount; v++) this.order[ch.rank[v]] = v;
  }

  shortestPath(sources: readonly Seed[], targets: readonly Seed[]): ChPath | null {
    const f = this.forward;
    const b = this.backward;
    // Source seeds start below zero (the part of their chain behind the point); lift them so the
    // stopping rule (each side stops at the best meeting so far) sees no negative label.
    let shift = 0;
    for (const seed of sources) shift = Math.max(shift, -seed.weightS);
    f.start(sources, shift);
    b.start(targets);
    let best = Infinity;
    let meet = -1;
    while (f.heap.size > 0 || b.heap.size > 0) {
      const fMin = f.heap.minKey();
      const bMin = b.heap.minKey();
      if (Math.min(fMin, bMin) >= best) break;
      const side = fMin <= bMin ? f : b;
      const other = side === f ? b : f;
      const u = side.step();
      if (u < 0) continue;
      const total = side.weight[u] + other.weight[u];
      if (total < best) {
        best = total;
        meet = u;
      }
    }
    if (meet < 0) return null;
    const roadEdges: number[] = [];
    const up: number[] = [];
    let sourceNode = meet;
    for (; f.parentEdge(sourceNode) >= 0; sourceNode = f.parentNode[sourceNode]) up.push(f.parentEdge(sourceNode));
    for (let i = up.length - 1; i >= 0; i--) this.unpack(up[i], roadEdges);
    let targetNode = meet;
    for (; b.parentEdge(targetNode) >= 0; targetNode = b.parentNode[targetNode]) this.unpack(b.parentEdge(targetNode), roadEdges);
    return {
      weightS: best - shift,
      durationS: f.durationOf(meet) + b.durationOf(meet),
      distanceM: f.distanceOf(meet) + b.distanceOf(meet),
      roadEdges,
      sourceNode: this.order[sourceNode],
      targetNode: this.order[targetNode],
    };
  }

  /** Expands a (shortcut) edge into road edges, in travel order. */
  private unpack(edge: number, out: number[]): void {
    const stack = [edge];
    while (stack.length > 0) {
      const e = stack.pop()!;
      const c1 = this.ch.edgeChild1[e];
      if (c1 < 0) {
        out.push(this.ch.edgeChain[e]);
      } else {
        stack.push(this.ch.edgeChild2[e], c1);
      }
    }
  }
}
