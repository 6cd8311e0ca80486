/** Latencies of one kind of operation, with errors counted beside them. */
export class LatencyRecorder {
  private readonly samples: number[] = [];
  errors = 0;
  readonly errorKinds = new Map<string, number>();
  /** Answers by outcome (for trip requests: accepted, or rejected with its reason). */
  readonly outcomes = new Map<string, number>();

  constructor(readonly name: string) {}

  add(ms: number): void {
    this.samples.push(ms);
  }

  error(kind: string): void {
    this.errors++;
    this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + 1);
  }

  outcome(kind: string): void {
    this.outcomes.set(kind, (this.outcomes.get(kind) ?? 0) + 1);
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(q: number): number | null {
    if (this.samples.length === 0) return null;
    const s = [...this.samples].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  }

  summary(durationS: number) {
    return {
      name: this.name,
      count: this.count,
      perSecond: this.count / durationS,
      p50Ms: this.percentile(0.5),
      p95Ms: this.percentile(0.95),
      p99Ms: this.percentile(0.99),
      maxMs: this.percentile(1),
      errors: this.errors,
      errorKinds: Object.fromEntries(this.errorKinds),
      outcomes: Object.fromEntries(this.outcomes),
      /** Share of answered requests that were accepted (null when no outcome was recorded). */
      acceptedShare: this.outcomes.size === 0 ? null : (this.outcomes.get('accepted') ?? 0) / [...this.outcomes.values()].reduce((a, b) => a + b, 0),
    };
  }
}
