/** Where time comes from. Injected everywhere: no module reads the system clock directly (DESIGN.md). */
export interface Clock {
  /** Seconds since the epoch (fractional). */
  nowS(): number;
}

export class SystemClock implements Clock {
  nowS(): number {
    return Date.now() / 1000;
  }
}

/** A clock that moves only when told: for tests. */
export class ManualClock implements Clock {
  constructor(private t: number) {}

  nowS(): number {
    return this.t;
  }

  set(t: number): void {
    this.t = t;
  }

  advance(seconds: number): void {
    this.t += seconds;
  }
}

/** Simulated time running `speedup` times faster than `base` from `startS` on (the simulator's accelerated clock). */
export class AcceleratedClock implements Clock {
  private readonly t0: number;

  constructor(private readonly startS: number, private readonly speedup: number, private readonly base: Clock = new SystemClock()) {
    this.t0 = base.nowS();
  }

  nowS(): number {
    return this.startS + (this.base.nowS() - this.t0) * this.speedup;
  }
}
