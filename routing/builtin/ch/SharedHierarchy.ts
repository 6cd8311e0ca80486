import type { ChGraph } from './ChGraph';

/** The hierarchy arrays an upward search reads, in SharedArrayBuffers: what a table's search thread is given. */
export type SharedHierarchy = Pick<
  ChGraph,
  'nodeCount' | 'rank' | 'fwdFirst' | 'fwdHead' | 'fwdWeightS' | 'fwdDurationS' | 'fwdDistanceM' | 'bwdFirst' | 'bwdHead' | 'bwdWeightS' | 'bwdDurationS' | 'bwdDistanceM'
>;

function shared<T extends Int32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const buffer = new SharedArrayBuffer(a.byteLength);
  const copy = (a instanceof Int32Array ? new Int32Array(buffer) : new Float64Array(buffer)) as T;
  copy.set(a);
  return copy;
}

/**
 * Copies the search's arrays into shared memory once (28 bytes an edge: 31 MB at 250k road nodes); a thread then
 * reads them in place, never copied per table. Edge ids and shortcut halves stay behind: a table unpacks no path.
 */
export function shareHierarchy(ch: ChGraph): SharedHierarchy {
  return {
    nodeCount: ch.nodeCount,
    rank: shared(ch.rank),
    fwdFirst: shared(ch.fwdFirst),
    fwdHead: shared(ch.fwdHead),
    fwdWeightS: shared(ch.fwdWeightS),
    fwdDurationS: shared(ch.fwdDurationS),
    fwdDistanceM: shared(ch.fwdDistanceM),
    bwdFirst: shared(ch.bwdFirst),
    bwdHead: shared(ch.bwdHead),
    bwdWeightS: shared(ch.bwdWeightS),
    bwdDurationS: shared(ch.bwdDurationS),
    bwdDistanceM: shared(ch.bwdDistanceM),
  };
}

const onShared = new WeakMap<ChGraph, ChGraph>();

/**
 * The hierarchy with its search arrays in shared memory (made once per hierarchy): a router with table threads
 * searches the very arrays its threads read, so one copy sits in the cache the cores share, not two.
 */
export function onSharedMemory(ch: ChGraph): ChGraph {
  let s = onShared.get(ch);
  if (!s) {
    s = { ...ch, ...shareHierarchy(ch) };
    onShared.set(ch, s);
  }
  return s;
}

/** The shared arrays as a ChGraph for UpwardSearch (no edge ids: `parentEdge` must not be asked on this side). */
export function hierarchyOf(s: SharedHierarchy): ChGraph {
  const none = new Int32Array(0);
  return { ...s, fwdEdge: none, bwdEdge: none, edgeChild1: none, edgeChild2: none, edgeChain: none };
}
