import { RoutingError } from '../errors';
import type { LngLat, NearestResult, RouteOptions, RouteResult, Router, TableOptions, TableResult } from '../Router';
import { assertLngLat, assertLngLatList } from '../validate';
import type { RetryPolicy } from './RetryPolicy';

/**
 * What every HTTP routing backend shares (VROOM's wrapper base): input is checked here, before any
 * request leaves the process, and a closed router refuses work. Engines override only the *Checked
 * methods, which receive input that already passed assertLngLat.
 */
export abstract class HttpRouterBase implements Router {
  abstract readonly name: string;
  private closed = false;

  protected constructor(protected readonly policy: RetryPolicy) {}

  async route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    assertLngLatList(points, 'points', 2);
    this.assertOpen();
    return this.routeChecked(points, options);
  }

  async table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    assertLngLatList(sources, 'sources', 1);
    assertLngLatList(destinations, 'destinations', 1);
    this.assertOpen();
    return this.tableChecked(sources, destinations, options);
  }

  async nearest(point: LngLat): Promise<NearestResult> {
    assertLngLat(point, 'point');
    this.assertOpen();
    return this.nearestChecked(point);
  }

  async close(): Promise<void> {
    // No sockets of our own: fetch and axios pool theirs and let idle ones go.
    this.closed = true;
  }

  protected abstract routeChecked(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult>;
  protected abstract tableChecked(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult>;
  protected abstract nearestChecked(point: LngLat): Promise<NearestResult>;

  private assertOpen(): void {
    if (this.closed) {
      throw new RoutingError('RoutingUnavailable', `The ${this.name} router was closed; create a new one from the registry`);
    }
  }
}
