import { isRoutingError, RoutingError } from './errors';
import type { LngLat, NearestOptions, NearestResult, RouteOptions, RouteResult, Router, TableOptions, TableResult } from './Router';

/** How long a router that failed is left alone, with its default. */
export const CIRCUIT_BREAKER_DEFAULTS = Object.freeze({
  /** After RoutingUnavailable, calls fail at once for this long; then one call tries the backend again. */
  openMs: 5000,
});

export type RouterHealth = 'up' | 'down';

/**
 * A Router in front of another that stops waiting on a backend that is down or slow. After a RoutingUnavailable
 * (which an HTTP backend gives only after its timeout and retries), every call fails at once with RoutingUnavailable
 * for `openMs`; then a single call goes through as a probe, and its success closes the breaker again. A dispatcher
 * behind it waits on a dead router once per `openMs`, not once per request, stop event and GPS report.
 */
export class CircuitBreakerRouter implements Router {
  readonly name: string;
  private openUntilMs = 0;
  private probing = false;
  private lastFailure = '';
  /** Calls refused at once while open. */
  refused = 0;

  constructor(
    private readonly inner: Router,
    private readonly options: { openMs: number } = CIRCUIT_BREAKER_DEFAULTS,
    private readonly nowMs: () => number = () => performance.now(),
    private readonly onChange: (health: RouterHealth, reason: string) => void = () => {},
  ) {
    this.name = inner.name;
  }

  /** 'down' from a RoutingUnavailable until a call succeeds again. */
  get health(): RouterHealth {
    return this.openUntilMs > 0 ? 'down' : 'up';
  }

  route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    return this.call(() => this.inner.route(points, options));
  }

  table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    return this.call(() => this.inner.table(sources, destinations, options));
  }

  nearest(point: LngLat, options?: NearestOptions): Promise<NearestResult> {
    return this.call(() => this.inner.nearest(point, options));
  }

  nearestMany(point: LngLat, count: number, options?: NearestOptions): Promise<NearestResult[]> {
    const inner = this.inner;
    return this.call(async () => (inner.nearestMany ? inner.nearestMany(point, count, options) : [await inner.nearest(point, options)]));
  }

  topSpeedMps(): number | undefined {
    return this.inner.topSpeedMps?.();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    const open = this.openUntilMs > 0;
    if (open && (this.nowMs() < this.openUntilMs || this.probing)) {
      this.refused++;
      throw new RoutingError('RoutingUnavailable', `The routing engine is down (${this.lastFailure}); not asking it again for a few seconds`);
    }
    if (open) this.probing = true;
    try {
      const result = await work();
      if (this.openUntilMs > 0) {
        this.openUntilMs = 0;
        this.onChange('up', 'a call succeeded');
      }
      return result;
    } catch (e) {
      if (isRoutingError(e) && e.code === 'RoutingUnavailable') {
        if (this.openUntilMs === 0) this.onChange('down', e.message);
        this.lastFailure = e.message;
        this.openUntilMs = this.nowMs() + this.options.openMs;
      } else if (isRoutingError(e) && this.openUntilMs > 0) {
        // NoRoute, NoSegment...: the backend answered, so it is up again.
        this.openUntilMs = 0;
        this.onChange('up', 'the backend answered');
      }
      throw e;
    } finally {
      if (open) this.probing = false;
    }
  }
}
