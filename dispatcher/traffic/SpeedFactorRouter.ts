import type { LngLat, NearestResult, RouteOptions, RouteResult, Router, TableOptions, TableResult } from '../../routing/Router';
import type { Clock } from '../clock/Clock';
import type { SpeedFactors } from './SpeedFactors';

/**
 * A router whose travel times carry the learnt speed factor of the hour each leg is driven in (issue 13): the
 * dispatcher's decisions, ETAs and re-plans all see the city as it drives, not as the road graph says. A route's legs
 * are scaled one by one, each by the factor at the time the vehicle would start it (leaving now); a table, whose
 * cells are driven soon after the decision, by the factor of the current hour. Distances and geometry are the
 * backend's. `unscaled` gives the backend's own times (what observed legs are compared with).
 */
export class SpeedFactorRouter implements Router {
  readonly name: string;

  constructor(
    readonly unscaled: Router,
    private readonly factors: SpeedFactors,
    private readonly clock: Pick<Clock, 'nowS'>,
  ) {
    this.name = unscaled.name;
  }

  /** The factor a leg starting now is scaled by. */
  factorNow(): number {
    return this.factors.at(this.clock.nowS());
  }

  /**
   * The same router for legs driven from `epochS` on (a pre-booked trip decided now for later): tables at that hour's
   * factor, routes starting then. Never before now.
   */
  drivenFrom(epochS: number): SpeedFactorRouter {
    const clock = this.clock;
    return new SpeedFactorRouter(this.unscaled, this.factors, { nowS: () => Math.max(epochS, clock.nowS()) });
  }

  async route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    const r = await this.unscaled.route(points, options);
    let t = this.clock.nowS();
    let total = 0;
    const legs = r.legs.map((leg) => {
      const durationS = leg.durationS * this.factors.at(t);
      t += durationS;
      total += durationS;
      return { ...leg, durationS };
    });
    const f = r.durationS > 0 ? total / r.durationS : this.factorNow();
    return { ...r, durationS: total, legs, ...(r.segmentDurationsS ? { segmentDurationsS: r.segmentDurationsS.map((s) => s * f) } : {}) };
  }

  async table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    const r = await this.unscaled.table(sources, destinations, options);
    const f = this.factorNow();
    if (f === 1) return r;
    return { ...r, durationsS: r.durationsS.map((row) => row.map((d) => (d === null ? null : d * f))) };
  }

  nearest(point: LngLat): Promise<NearestResult> {
    return this.unscaled.nearest(point);
  }

  nearestMany(point: LngLat, count: number): Promise<NearestResult[]> {
    const many = this.unscaled.nearestMany;
    if (!many) return this.unscaled.nearest(point).then((n) => [n]);
    return many.call(this.unscaled, point, count);
  }

  /** The network's free-flow top speed: a learnt factor slows the hours it covers, never a road's limit. */
  topSpeedMps(): number | undefined {
    return this.unscaled.topSpeedMps?.();
  }

  /** The backend belongs to whoever made it: closing this view leaves it open. */
  async close(): Promise<void> {}
}
