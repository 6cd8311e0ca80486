/** Insertion candidates in parallel typed arrays: grows, never shrinks, so steady state allocates nothing. */
export class CandidateBuffer {
  count = 0;
  pickupAfter: Int32Array;
  dropoffAfter: Int32Array;
  cost: Float64Array;

  constructor(capacity = 256) {
    this.pickupAfter = new Int32Array(capacity);
    this.dropoffAfter = new Int32Array(capacity);
    this.cost = new Float64Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  push(pickupAfter: number, dropoffAfter: number, cost: number): void {
    if (this.count === this.cost.length) this.grow();
    const k = this.count++;
    this.pickupAfter[k] = pickupAfter;
    this.dropoffAfter[k] = dropoffAfter;
    this.cost[k] = cost;
  }

  /** Index of the cheapest candidate whose cost is finite, or -1. Take it with `discard` once tried. */
  cheapest(): number {
    let best = -1;
    let bestCost = Infinity;
    for (let k = 0; k < this.count; k++) {
      if (this.cost[k] < bestCost) {
        bestCost = this.cost[k];
        best = k;
      }
    }
    return best;
  }

  discard(k: number): void {
    this.cost[k] = Infinity;
  }

  private grow(): void {
    const c = this.cost.length * 2;
    const pa = new Int32Array(c);
    pa.set(this.pickupAfter);
    const da = new Int32Array(c);
    da.set(this.dropoffAfter);
    const co = new Float64Array(c);
    co.set(this.cost);
    this.pickupAfter = pa;
    this.dropoffAfter = da;
    this.cost = co;
  }
}
