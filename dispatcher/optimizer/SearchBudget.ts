/** Default time budget of one re-optimization, when the caller names none. */
export const DEFAULT_TIME_BUDGET_MS = 1000;

export interface SearchBudgetOptions {
  /** Stop after this many milliseconds of `now()`. */
  timeLimitMs?: number;
  /** Stop after this many iterations. */
  maxIterations?: number;
  /** Milliseconds from some fixed origin; injected so the pure core never reads the wall clock itself. */
  now?: () => number;
}

/**
 * When a search stops: a time limit, an iteration limit, or both (whichever comes first). With neither, the
 * time limit is DEFAULT_TIME_BUDGET_MS. progress() goes from 0 to 1 and drives cooling schedules.
 */
export class SearchBudget {
  readonly timeLimitMs: number;
  readonly maxIterations: number;
  private readonly now: () => number;
  private readonly startMs: number;
  iterations = 0;

  constructor(options: SearchBudgetOptions) {
    const timeGiven = options.timeLimitMs !== undefined;
    const itersGiven = options.maxIterations !== undefined;
    this.timeLimitMs = timeGiven ? options.timeLimitMs! : itersGiven ? Infinity : DEFAULT_TIME_BUDGET_MS;
    this.maxIterations = itersGiven ? options.maxIterations! : Infinity;
    if (Number.isFinite(this.timeLimitMs) && !options.now) {
      throw new Error('A time-limited search needs a now() function (e.g. the dispatcher Clock); pass maxIterations for a clock-free run');
    }
    this.now = options.now ?? ((): number => 0);
    this.startMs = this.now();
  }

  elapsedMs(): number {
    return this.now() - this.startMs;
  }

  /** Share of the budget used, in [0, 1]: the larger of the time share and the iteration share. */
  progress(): number {
    const t = Number.isFinite(this.timeLimitMs) ? this.elapsedMs() / Math.max(1, this.timeLimitMs) : 0;
    const i = Number.isFinite(this.maxIterations) ? this.iterations / Math.max(1, this.maxIterations) : 0;
    return Math.min(1, Math.max(t, i));
  }

  done(): boolean {
    return this.iterations >= this.maxIterations || this.elapsedMs() >= this.timeLimitMs;
  }
}
