/**
 * A contraction hierarchy over the directed road graph. Every node has a rank; searches only climb.
 * The CSR arrays are numbered by rank (node i of fwd and bwd is the i-th contracted, heads are ranks too), so the
 * top of the hierarchy lies together in memory; `rank` maps an edge-based node to its number here.
 * Forward searches use fwd* (edges u → x with x > u); backward searches use bwd* (edges x → u with x > u, stored
 * at u). Shortcuts remember the two edges they replace.
 */
export interface ChGraph {
  nodeCount: number;
  /** Per edge-based node: its rank, which is its number in the CSR arrays below. */
  rank: Int32Array;

  fwdFirst: Int32Array;
  fwdHead: Int32Array;
  fwdWeightS: Float64Array;
  fwdDurationS: Float64Array;
  fwdDistanceM: Float64Array;
  fwdEdge: Int32Array;

  bwdFirst: Int32Array;
  bwdHead: Int32Array;
  bwdWeightS: Float64Array;
  bwdDurationS: Float64Array;
  bwdDistanceM: Float64Array;
  bwdEdge: Int32Array;

  /** Per edge id: the shortcut's two halves (first from the tail, then to the head), or -1 for a road edge. */
  edgeChild1: Int32Array;
  edgeChild2: Int32Array;
  /** Per edge id: chain * 2 + backward flag for road edges (see DirectedEdges), -1 for shortcuts. */
  edgeChain: Int32Array;
}
