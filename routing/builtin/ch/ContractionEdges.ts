/**
 * The edges of a graph under contraction, in growable typed arrays: road edges first, shortcuts appended as they are
 * found.
 */
export class ContractionEdges {
  count = 0;
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
  duration: Float64Array;
  distance: Float64Array;
  child1: Int32Array;
  child2: Int32Array;
  chain: Int32Array;

  constructor(capacity: number) {
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.weight = new Float64Array(capacity);
    this.duration = new Float64Array(capacity);
    this.distance = new Float64Array(capacity);
    this.child1 = new Int32Array(capacity);
    this.child2 = new Int32Array(capacity);
    this.chain = new Int32Array(capacity);
  }

  add(from: number, to: number, weight: number, duration: number, distance: number, child1: number, child2: number, chain: number): number {
    if (this.count === this.from.length) this.grow();
    const e = this.count++;
    this.from[e] = from;
    this.to[e] = to;
    this.set(e, weight, duration, distance, child1, child2, chain);
    return e;
  }

  set(e: number, weight: number, duration: number, distance: number, child1: number, child2: number, chain: number): void {
    this.weight[e] = weight;
    this.duration[e] = duration;
    this.distance[e] = distance;
    this.child1[e] = child1;
    this.child2[e] = child2;
    this.chain[e] = chain;
  }

  private grow(): void {
    const size = Math.max(16, Math.ceil(this.from.length * 1.5));
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.from = i32(this.from);
    this.to = i32(this.to);
    this.weight = f64(this.weight);
    this.duration = f64(this.duration);
    this.distance = f64(this.distance);
    this.child1 = i32(this.child1);
    this.child2 = i32(this.child2);
    this.chain = i32(this.chain);
  }
}
