// AssemblyScript (compiled by scripts/buildWasm.mjs into upwardSearch.wasm; not TypeScript: excluded from tsc).
//
// One direction of a CH upward search with stall-on-demand, over arrays the host (WasmUpwardSearch.ts) laid out in
// the imported memory: the same algorithm, heap and order of operations as UpwardSearch.ts + SearchSpaces.settle, so
// a space searched here is bit for bit the one searched there. Each instance keeps its own globals (one direction);
// instances of one thread share one memory holding the hierarchy once.

let n: i32 = 0;
// this direction's upward edges (CSR by rank) and the opposite direction's, for stalling
let first: usize = 0;
let head: usize = 0;
let edgeWeight: usize = 0;
let edgeDuration: usize = 0;
let edgeDistance: usize = 0;
let stallFirst: usize = 0;
let stallHead: usize = 0;
let stallWeight: usize = 0;
// per-node search state
let weight: usize = 0;
let duration: usize = 0;
let distance: usize = 0;
let parentSlot: usize = 0;
let parentNode: usize = 0;
let touched: usize = 0;
let heapNode: usize = 0;
let heapKey: usize = 0;
let heapPos: usize = 0;
// one search's settled nodes, in settle order, and its seeds
let outNode: usize = 0;
let outWeight: usize = 0;
let outDuration: usize = 0;
let outDistance: usize = 0;
let seeds: usize = 0;
let touchedCount: i32 = 0;
let heapSize: i32 = 0;

/** Bytes of state `setup` lays out for `nodes` nodes from `state` on (the seeds' room after it: 32 bytes a seed). */
export function stateBytes(nodes: i32): usize {
  return <usize>nodes * (8 * 3 + 4 * 3 + 4 + 8 + 4 + 4 + 8 * 3);
}

export function setup(nodes: i32, f: usize, h: usize, w: usize, du: usize, di: usize, sf: usize, sh: usize, sw: usize, state: usize): void {
  n = nodes;
  first = f;
  head = h;
  edgeWeight = w;
  edgeDuration = du;
  edgeDistance = di;
  stallFirst = sf;
  stallHead = sh;
  stallWeight = sw;
  const n8 = <usize>nodes << 3;
  const n4 = <usize>nodes << 2;
  weight = state;
  duration = weight + n8;
  distance = duration + n8;
  parentSlot = distance + n8;
  parentNode = parentSlot + n4;
  touched = parentNode + n4;
  heapNode = touched + n4;
  heapKey = heapNode + n4;
  heapPos = heapKey + n8;
  outNode = heapPos + n4;
  outWeight = outNode + n4;
  outDuration = outWeight + n8;
  outDistance = outDuration + n8;
  seeds = outDistance + n8;
  for (let i: i32 = 0; i < nodes; i++) {
    store<f64>(weight + (<usize>i << 3), Infinity);
    store<i32>(heapPos + (<usize>i << 2), -1);
  }
  touchedCount = 0;
  heapSize = 0;
}

export function outNodes(): usize {
  return outNode;
}
export function outWeights(): usize {
  return outWeight;
}
export function outDurations(): usize {
  return outDuration;
}
export function outDistances(): usize {
  return outDistance;
}
export function seedRoom(): usize {
  return seeds;
}

/** Puts `node` with `key` in heap slot `i` and records the slot (the three stores every move makes). */
@inline function place(i: i32, node: i32, key: f64): void {
  store<i32>(heapNode + (<usize>i << 2), node);
  store<f64>(heapKey + (<usize>i << 3), key);
  store<i32>(heapPos + (<usize>node << 2), i);
}

@inline function up(from: i32, node: i32, key: f64): void {
  let i = from;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pk = load<f64>(heapKey + (<usize>parent << 3));
    if (pk <= key) break;
    const p = load<i32>(heapNode + (<usize>parent << 2));
    place(i, p, pk);
    i = parent;
  }
  place(i, node, key);
}

@inline function down(from: i32, node: i32, key: f64): void {
  let i = from;
  const size = heapSize;
  const half = size >> 1;
  while (i < half) {
    let child = 2 * i + 1;
    const right = child + 1;
    let ck = load<f64>(heapKey + (<usize>child << 3));
    if (right < size) {
      const rk = load<f64>(heapKey + (<usize>right << 3));
      if (rk < ck) {
        child = right;
        ck = rk;
      }
    }
    if (ck >= key) break;
    const c = load<i32>(heapNode + (<usize>child << 2));
    place(i, c, ck);
    i = child;
  }
  place(i, node, key);
}

/** Inserts, or lowers the key of a node in the heap; a higher key is ignored (IndexedMinHeap.push). */
@inline function push(node: i32, key: f64): void {
  let i = load<i32>(heapPos + (<usize>node << 2));
  if (i < 0) {
    i = heapSize++;
  } else if (key >= load<f64>(heapKey + (<usize>i << 3))) {
    return;
  }
  up(i, node, key);
}

/**
 * Searches from the `count` seeds in the seed room (each: rank as f64, weight, duration, distance) and returns how
 * many nodes it settled, written to the out arrays in settle order (stalled ones left out).
 */
export function settle(count: i32): i32 {
  for (let i: i32 = 0; i < touchedCount; i++) store<f64>(weight + (<usize>load<i32>(touched + (<usize>i << 2)) << 3), Infinity);
  touchedCount = 0;
  for (let i: i32 = 0; i < heapSize; i++) store<i32>(heapPos + (<usize>load<i32>(heapNode + (<usize>i << 2)) << 2), -1);
  heapSize = 0;
  for (let s: i32 = 0; s < count; s++) {
    const at = seeds + (<usize>s << 5);
    const u = <i32>load<f64>(at);
    const w = load<f64>(at, 8);
    const old = load<f64>(weight + (<usize>u << 3));
    if (w < old) {
      if (old == Infinity) {
        store<i32>(touched + (<usize>touchedCount << 2), u);
        touchedCount++;
      }
      store<f64>(weight + (<usize>u << 3), w);
      store<f64>(duration + (<usize>u << 3), load<f64>(at, 16));
      store<f64>(distance + (<usize>u << 3), load<f64>(at, 24));
      store<i32>(parentSlot + (<usize>u << 2), -1);
      store<i32>(parentNode + (<usize>u << 2), -1);
      push(u, w);
    }
  }
  let settled: i32 = 0;
  while (heapSize > 0) {
    const u = load<i32>(heapNode);
    store<i32>(heapPos + (<usize>u << 2), -1);
    const last = --heapSize;
    if (last > 0) down(0, load<i32>(heapNode + (<usize>last << 2)), load<f64>(heapKey + (<usize>last << 3)));
    const wu = load<f64>(weight + (<usize>u << 3));
    // stall-on-demand: an edge from a higher node into u proves u is reached cheaper
    let stalled = false;
    for (let k = load<i32>(stallFirst + (<usize>u << 2)), end = load<i32>(stallFirst + (<usize>(u + 1) << 2)); k < end; k++) {
      if (load<f64>(weight + (<usize>load<i32>(stallHead + (<usize>k << 2)) << 3)) + load<f64>(stallWeight + (<usize>k << 3)) < wu) {
        stalled = true;
        break;
      }
    }
    if (stalled) continue;
    const slot = load<i32>(parentSlot + (<usize>u << 2));
    if (slot >= 0) {
      const p = load<i32>(parentNode + (<usize>u << 2));
      store<f64>(distance + (<usize>u << 3), load<f64>(distance + (<usize>p << 3)) + load<f64>(edgeDistance + (<usize>slot << 3)));
      store<f64>(duration + (<usize>u << 3), load<f64>(duration + (<usize>p << 3)) + load<f64>(edgeDuration + (<usize>slot << 3)));
    }
    for (let k = load<i32>(first + (<usize>u << 2)), end = load<i32>(first + (<usize>(u + 1) << 2)); k < end; k++) {
      const v = load<i32>(head + (<usize>k << 2));
      const wv = wu + load<f64>(edgeWeight + (<usize>k << 3));
      const old = load<f64>(weight + (<usize>v << 3));
      if (wv < old) {
        if (old == Infinity) {
          store<i32>(touched + (<usize>touchedCount << 2), v);
          touchedCount++;
        }
        store<f64>(weight + (<usize>v << 3), wv);
        store<i32>(parentSlot + (<usize>v << 2), k);
        store<i32>(parentNode + (<usize>v << 2), u);
        push(v, wv);
      }
    }
    store<i32>(outNode + (<usize>settled << 2), u);
    store<f64>(outWeight + (<usize>settled << 3), wu);
    store<f64>(outDuration + (<usize>settled << 3), load<f64>(duration + (<usize>u << 3)));
    store<f64>(outDistance + (<usize>settled << 3), load<f64>(distance + (<usize>u << 3)));
    settled++;
  }
  return settled;
}
