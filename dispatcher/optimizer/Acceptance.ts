import type { Random } from './Random';

/** Whether the search moves to a candidate plan. Costs include the unassigned penalty; progress is in [0, 1]. */
export interface Acceptance {
  readonly name: string;
  accept(candidateCost: number, currentCost: number, bestCost: number, progress: number, rng: Random): boolean;
}

/**
 * Simulated annealing with a geometric schedule over the budget: T = T0 * (T1 / T0) ^ progress.
 * Temperatures are given as fractions of a reference cost (the starting plan's), so one setting fits any instance.
 */
export class SimulatedAnnealing implements Acceptance {
  readonly name = 'annealing';
  private readonly t0: number;
  private readonly t1: number;

  /**
   * @param referenceCost cost of the starting plan
   * @param startWorse a plan this much worse (fraction) is accepted with probability 1/2 at the start
   * @param endWorse the same at the end of the budget
   */
  constructor(referenceCost: number, startWorse = 0.02, endWorse = 0.0002) {
    this.t0 = Math.max(1e-9, (startWorse * referenceCost) / Math.LN2);
    this.t1 = Math.max(1e-12, (endWorse * referenceCost) / Math.LN2);
  }

  temperature(progress: number): number {
    return this.t0 * Math.pow(this.t1 / this.t0, progress);
  }

  accept(candidateCost: number, currentCost: number, _bestCost: number, progress: number, rng: Random): boolean {
    if (candidateCost <= currentCost) return true;
    return rng.next() < Math.exp((currentCost - candidateCost) / this.temperature(progress));
  }
}

/** Record-to-record travel: accept anything within a deviation of the best, the deviation shrinking linearly to `end`. */
export class RecordToRecord implements Acceptance {
  readonly name = 'recordToRecord';
  constructor(
    private readonly startDeviation = 0.03,
    private readonly endDeviation = 0,
  ) {}

  accept(candidateCost: number, currentCost: number, bestCost: number, progress: number): boolean {
    if (candidateCost <= currentCost) return true;
    const dev = this.startDeviation + (this.endDeviation - this.startDeviation) * progress;
    return candidateCost <= bestCost * (1 + dev);
  }
}
