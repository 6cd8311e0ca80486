import GraphHopperMatrix = require('graphhopper-js-api-client/src/GraphHopperMatrix.js');
import GraphHopperRouting = require('graphhopper-js-api-client/src/GraphHopperRouting.js');
import { RoutingError } from '../errors';
import { distanceM } from '../geo';
import { HttpRouterBase } from '../http/HttpRouterBase';
import { type RetryPolicy, runWithRetry } from '../http/RetryPolicy';
import type { LngLat, NearestResult, RouteResult, TableResult } from '../Router';
import { graphHopperError } from './graphHopperError';
import { graphHopperLegs } from './graphHopperLegs';
import { type GraphHopperPath, hasMatrixShape, hasRouteShape } from './GraphHopperResponses';

export const DEFAULT_GRAPHHOPPER_URL = 'https://graphhopper.com/api/1';
export const DEFAULT_GRAPHHOPPER_PROFILE = 'car';

export interface GraphHopperRouterOptions {
  /** API base, e.g. https://graphhopper.com/api/1 or http://127.0.0.1:8989 */
  host: string;
  key?: string;
  policy: RetryPolicy;
  profile?: string;
}

/** Something graphhopper-js-api-client can run: GraphHopperRouting or GraphHopperMatrix. */
interface GraphHopperRequester {
  doRequest(reqArgs: Record<string, unknown>): Promise<unknown>;
}

/**
 * The Router over the GraphHopper Directions API (hosted, or a self-hosted server with the same paths),
 * through graphhopper-js-api-client. The client does its own HTTP (axios, with our timeout); around each
 * call sit the shared retry policy and an outer timeout, so a hung call is abandoned on time.
 *
 * nearest: the API has no nearest service, so it asks for a route from the point to itself and reads
 * where GraphHopper snapped it (snapped_waypoints[0]); the distance is measured here, the street name
 * is the one GraphHopper puts on that route's instructions ('' when it gives none).
 */
export class GraphHopperRouter extends HttpRouterBase {
  readonly name = 'graphhopper';
  private readonly host: string;
  private readonly key: string | undefined;
  private readonly routing: GraphHopperRouting;
  private readonly matrix: GraphHopperMatrix;

  constructor(options: GraphHopperRouterOptions) {
    super(options.policy);
    this.host = options.host.replace(/\/+$/, '');
    this.key = options.key;
    const profile = options.profile ?? DEFAULT_GRAPHHOPPER_PROFILE;
    const args = { key: options.key ?? '', host: this.host, timeout: options.policy.timeoutMs };
    // The client replaces falsy request values with these defaults, so every `false` must live here.
    this.routing = new GraphHopperRouting(args, {
      profile,
      points_encoded: false,
      elevation: false,
      instructions: true,
      calc_points: true,
      locale: 'en',
      details: ['leg_time', 'leg_distance'],
    });
    this.matrix = new GraphHopperMatrix(args, { profile, out_arrays: ['times', 'distances'], fail_fast: false });
  }

  protected async routeChecked(points: readonly LngLat[]): Promise<RouteResult> {
    const path = await this.path(points);
    return {
      durationS: path.time / 1000,
      distanceM: path.distance,
      geometry: { type: 'LineString', coordinates: path.points.coordinates.map(toLngLat) },
      legs: graphHopperLegs(path, points.length),
    };
  }

  protected async tableChecked(sources: readonly LngLat[], destinations: readonly LngLat[]): Promise<TableResult> {
    const body = await this.call(this.matrix, { from_points: sources.map(toPair), to_points: destinations.map(toPair) });
    const fits = (m: unknown[][]) => m.length === sources.length && m.every((row) => Array.isArray(row) && row.length === destinations.length);
    if (!hasMatrixShape(body) || !fits(body.times) || !fits(body.distances)) {
      throw new RoutingError('RoutingUnavailable', `GraphHopper at ${this.host} answered a matrix that is not ${sources.length}×${destinations.length} with times and distances`, { cause: body });
    }
    // Matrix times are already seconds (route times are milliseconds); null stays null.
    return { durationsS: body.times, distancesM: body.distances };
  }

  protected async nearestChecked(point: LngLat): Promise<NearestResult> {
    const path = await this.path([point, point]);
    const first = path.snapped_waypoints?.coordinates[0];
    if (!first) {
      throw new RoutingError('RoutingUnavailable', `GraphHopper at ${this.host} answered without snapped_waypoints, so where the point snaps is unknown`, { cause: path });
    }
    const snapped = toLngLat(first);
    const name = path.instructions?.find((i) => i.street_name)?.street_name ?? '';
    return { location: snapped, distanceM: distanceM(point, snapped), name };
  }

  private async path(points: readonly LngLat[]): Promise<GraphHopperPath> {
    const body = await this.call(this.routing, { points: points.map(toPair) });
    if (!hasRouteShape(body)) {
      throw new RoutingError('RoutingUnavailable', `GraphHopper at ${this.host} answered a route without paths[0] time, distance and points`, { cause: body });
    }
    return body.paths[0]!;
  }

  private call(client: GraphHopperRequester, reqArgs: Record<string, unknown>): Promise<unknown> {
    return runWithRetry(this.policy, `GraphHopper at ${this.host}`, async () => {
      try {
        // doRequest fills defaults into the object it is given, so each attempt gets its own copy.
        return await client.doRequest({ ...reqArgs });
      } catch (e) {
        throw graphHopperError(e, this.host, this.key);
      }
    });
  }
}

function toPair(p: LngLat): [number, number] {
  return [p[0], p[1]];
}

function toLngLat(c: readonly number[]): LngLat {
  return [c[0]!, c[1]!];
}
