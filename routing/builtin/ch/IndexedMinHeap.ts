/**
 * Binary min-heap of node ids keyed by a float, with decrease-key. Sized once for the graph and
 * reused across searches: `clear()` costs only the entries it touched.
 */
export class IndexedMinHeap {
  private readonly heap: Int32Array;
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
    return this.size > 0 ? this.keys[this.heap[0]] : Infinity;
  }

  /** Inserts, or lowers the key of a node already in the heap. Higher keys are ignored. */
  push(node: number, key: number): void {
    let i = this.pos[node];
    if (i < 0) {
      i = this.size++;
      this.heap[i] = node;
      this.pos[node] = i;
      this.keys[node] = key;
    } else if (key < this.keys[node]) {
      this.keys[node] = key;
    } else {
      return;
    }
    this.up(i);
  }

  /** Sets a node's key up or down, inserting it if absent. */
  set(node: number, key: number): void {
    const i = this.pos[node];
    if (i < 0 || key < this.keys[node]) {
      this.push(node, key);
      return;
    }
    this.keys[node] = key;
    this.down(i);
  }

  pop(): number {
    const top = this.heap[0];
    this.pos[top] = -1;
    const last = this.heap[--this.size];
    if (this.size > 0) {
      this.heap[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1;
    this.size = 0;
  }

  private up(i: number): void {
    const { heap, keys, pos } = this;
    const node = heap[i];
    const key = keys[node];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (keys[p] <= key) break;
      heap[i] = p;
      pos[p] = i;
      i = parent;
    }
    heap[i] = node;
    pos[node] = i;
  }

  private down(i: number): void {
    const { heap, keys, pos } = this;
    const node = heap[i];
    const key = keys[node];
    const half = this.size >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < this.size && keys[heap[right]] < keys[heap[child]]) child = right;
      if (keys[heap[child]] >= key) break;
      heap[i] = heap[child];
      pos[heap[i]] = i;
      i = child;
    }
    heap[i] = node;
    pos[node] = i;
  }
}
