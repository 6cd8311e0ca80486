/**
 * Seeded pseudo-random numbers (mulberry32): the same seed gives the same run, on every machine.
 * Small and fast; not for anything secret.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let k = items.length - 1; k > 0; k--) {
      const r = Math.floor(this.next() * (k + 1));
      const tmp = items[k];
      items[k] = items[r];
      items[r] = tmp;
    }
    return items;
  }

  /** A new generator whose stream depends on this one's, for independent sub-tasks. */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }
}
