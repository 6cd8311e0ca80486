import type { LngLat, NearestResult, RouteOptions, RouteResult, Router, TableOptions, TableResult } from '../../../routing/Router';

/**
 * A real router whose next `table` call matching a condition waits until the test releases it: the test can then
 * change the fleet (commit, stop event, re-optimizer result) while a decision is waiting for its travel times.
 */
export class HoldingRouter implements Router {
  readonly name: string;
  private hold: ((sources: readonly LngLat[], destinations: readonly LngLat[]) => boolean) | null = null;
  private release: (() => void) | null = null;
  private heldSignal: (() => void) | null = null;

  constructor(private readonly inner: Router) {
    this.name = inner.name;
  }

  /** The next table call for which `when` holds waits; resolves once such a call is waiting. */
  holdNextTable(when: (sources: readonly LngLat[], destinations: readonly LngLat[]) => boolean): Promise<void> {
    this.hold = when;
    return new Promise((resolve) => {
      this.heldSignal = resolve;
    });
  }

  /** Lets the held call go on (to the real router, with the points it was given). */
  releaseHeld(): void {
    const r = this.release;
    this.release = null;
    if (!r) throw new Error('no table call is held');
    r();
  }

  route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    return this.inner.route(points, options);
  }

  async table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    if (this.hold?.(sources, destinations)) {
      this.hold = null;
      const released = new Promise<void>((resolve) => {
        this.release = resolve;
      });
      this.heldSignal?.();
      await released;
    }
    return this.inner.table(sources, destinations, options);
  }

  nearest(point: LngLat): Promise<NearestResult> {
    return this.inner.nearest(point);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
