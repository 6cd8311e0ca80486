/**
 * Binary min-heap of node ids keyed by a float, with decrease-key. Sized once for the graph and
 * reused across searches: `clear()` costs only the entries it touched. Keys are stored by heap
 * position beside the nodes (not by node), so sifting reads neighbouring memory.
 */
export class IndexedMinHeap {
  private readonly heap: Int32Array;
  /** The key of the node at each heap position. */
  private readonly keys: Float64Array;
  /** Position of a node in `heap`, or -1. */
  private readonly pos: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  has(node: number): boolean {
    return this.pos[node] >= 0;
  }

  minKey(): number {
    return this.size > 0 ? this.keys[0] : Infinity;
  }

  /** Inserts, or lowers the key of a node already in the heap. Higher keys are ignored. */
  push(node: number, key: number): void {
    let i = this.pos[node];
    if (i < 0) {
      i = this.size++;
    } else if (key >= this.keys[i]) {
      return;
    }
    this.up(i, node, key);
  }

  /** Sets a node's key up or down, inserting it if absent. */
  set(node: number, key: number): void {
    const i = this.pos[node];
    if (i < 0 || key < this.keys[i]) {
      this.push(node, key);
      return;
    }
    this.down(i, node, key);
  }

  pop(): number {
    const top = this.heap[0];
    this.pos[top] = -1;
    const n = --this.size;
    if (n > 0) this.down(0, this.heap[n], this.keys[n]);
    return top;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1;
    this.size = 0;
  }

  /** Places `node` with `key` at position i or above. */
  private up(i: number, node: number, key: number): void {
    const { heap, keys, pos } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent];
      if (pk <= key) break;
      const p = heap[parent];
      heap[i] = p;
      keys[i] = pk;
      pos[p] = i;
      i = parent;
    }
    heap[i] = node;
    keys[i] = key;
    pos[node] = i;
  }

  /** Places `node` with `key` at position i or below. */
  private down(i: number, node: number, key: number): void {
    const { heap, keys, pos } = this;
    const size = this.size;
    const half = size >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < size && keys[right] < keys[child]) child = right;
      if (keys[child] >= key) break;
      const c = heap[child];
      heap[i] = c;
      keys[i] = keys[child];
      pos[c] = i;
      i = child;
    }
    heap[i] = node;
    keys[i] = key;
    pos[node] = i;
  }
}
