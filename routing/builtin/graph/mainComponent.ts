import { directedEdges, type DirectedEdges } from './DirectedEdges';
import type { RoadNetwork } from './RoadNetwork';

/** chainMain values. */
export const MAIN = 1;
export const OUTSIDE_MAIN = 0;

/**
 * Marks the chains of the largest strongly connected component. A point snapped outside it (a road
 * cut off by a barrier or the extract's edge) also gets a fallback point on it, so routes still exist.
 */
export function markMainComponent(net: RoadNetwork): void {
  const comp = stronglyConnectedComponents(directedEdges(net), directedEdges(net, true));
  const size = new Int32Array(net.nodeCount);
  let best = 0;
  for (let u = 0; u < net.nodeCount; u++) {
    size[comp[u]]++;
    if (size[comp[u]] > size[best]) best = comp[u];
  }
  for (let c = 0; c < net.chainCount; c++) {
    net.chainMain[c] = comp[net.chainFrom[c]] === best && comp[net.chainTo[c]] === best ? MAIN : OUTSIDE_MAIN;
    net.chainComponent[c] = comp[net.chainFrom[c]] === comp[net.chainTo[c]] ? comp[net.chainFrom[c]] : -1;
  }
}

/** Kosaraju with explicit stacks (no recursion: road graphs are deep). Returns a component id per node. */
export function stronglyConnectedComponents(g: DirectedEdges, rev: DirectedEdges): Int32Array {
  const n = g.nodeCount;
  const order = new Int32Array(n);
  let orderLen = 0;
  const visited = new Uint8Array(n);
  const stack = new Int32Array(n);
  const edgePos = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (visited[s]) continue;
    let top = 0;
    stack[top++] = s;
    visited[s] = 1;
    edgePos[s] = g.firstOut[s];
    while (top > 0) {
      const u = stack[top - 1];
      if (edgePos[u] < g.firstOut[u + 1]) {
        const v = g.head[edgePos[u]++];
        if (!visited[v]) {
          visited[v] = 1;
          edgePos[v] = g.firstOut[v];
          stack[top++] = v;
        }
      } else {
        order[orderLen++] = u;
        top--;
      }
    }
  }
  const comp = new Int32Array(n).fill(-1);
  let next = 0;
  for (let k = n - 1; k >= 0; k--) {
    const s = order[k];
    if (comp[s] >= 0) continue;
    let top = 0;
    stack[top++] = s;
    comp[s] = next;
    while (top > 0) {
      const u = stack[--top];
      for (let e = rev.firstOut[u]; e < rev.firstOut[u + 1]; e++) {
        const v = rev.head[e];
        if (comp[v] < 0) {
          comp[v] = next;
          stack[top++] = v;
        }
      }
    }
    next++;
  }
  return comp;
}
