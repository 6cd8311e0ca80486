import { RoutingError } from '../errors';
import type { LngLat, NearestOptions, NearestResult, RouteOptions, RouteResult, Router, TableOptions, TableResult } from '../Router';
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
  /** Whether the engine takes `exclude` (OSRM's option); an engine that does not refuses it rather than ignore it. */
  protected readonly excludes: boolean = false;

  protected constructor(protected readonly policy: RetryPolicy) {}

  async route(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult> {
    assertLngLatList(points, 'points', 2);
    this.assertOpen();
    this.assertExcludable(options?.exclude);
    return this.routeChecked(points, options);
  }

  async table(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult> {
    assertLngLatList(sources, 'sources', 1);
    assertLngLatList(destinations, 'destinations', 1);
    this.assertOpen();
    this.assertExcludable(options?.exclude);
    return this.tableChecked(sources, destinations, options);
  }

  async nearest(point: LngLat, options?: NearestOptions): Promise<NearestResult> {
    assertLngLat(point, 'point');
    this.assertOpen();
    this.assertExcludable(options?.exclude);
    return this.nearestChecked(point, options);
  }

  async close(): Promise<void> {
    // No sockets of our own: fetch and axios pool theirs and let idle ones go.
    this.closed = true;
  }

  protected abstract routeChecked(points: readonly LngLat[], options?: RouteOptions): Promise<RouteResult>;
  protected abstract tableChecked(sources: readonly LngLat[], destinations: readonly LngLat[], options?: TableOptions): Promise<TableResult>;
  protected abstract nearestChecked(point: LngLat, options?: NearestOptions): Promise<NearestResult>;

  private assertExcludable(exclude: readonly string[] | undefined): void {
    if (exclude && exclude.length > 0 && !this.excludes) {
      throw new RoutingError('InvalidInput', `The ${this.name} router cannot exclude road classes (exclude=${exclude.join(',')})`);
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new RoutingError('RoutingUnavailable', `The ${this.name} router was closed; create a new one from the registry`);
    }
  }
}
