/** Limits of the off-route check, with their defaults. */
export const OFF_ROUTE_LIMITS = Object.freeze({
  /** A fix farther than this (m) from the route line counts as off the route (GPS in a city errs by 10–30 m). */
  thresholdM: 50,
  /** Consecutive off-route fixes before asking for a new route: one stray fix is no detour. */
  fixes: 3,
  /** After asking, wait this long (s) for the new route before asking again. */
  retryAfterS: 20,
});

/**
 * Decides when the bus has left its route: `observe` each fix's distance from the route line; it answers
 * true once, after `fixes` fixes in a row beyond the threshold. A new route (`newRoute`) starts it afresh.
 */
export class OffRouteWatch {
  private inARow = 0;
  private askedAtS: number | null = null;

  constructor(private readonly limits: typeof OFF_ROUTE_LIMITS = OFF_ROUTE_LIMITS) {}

  observe(offM: number, nowS: number): boolean {
    this.inARow = offM > this.limits.thresholdM ? this.inARow + 1 : 0;
    if (this.inARow < this.limits.fixes) return false;
    if (this.askedAtS !== null && nowS - this.askedAtS < this.limits.retryAfterS) return false;
    this.askedAtS = nowS;
    return true;
  }

  newRoute(): void {
    this.inARow = 0;
    this.askedAtS = null;
  }
}
