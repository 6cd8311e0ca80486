import { RoutingError } from '../errors';
import { retryPolicyFrom } from '../http/RetryPolicy';
import type { RouterConfig, RouterFactory } from '../registry';
import type { Router } from '../Router';
import type { OsrmGeometries } from './OsrmClient';
import { OsrmRouter } from './OsrmRouter';

/** RouterConfig plus the OSRM-only knobs; every one has a named default in OsrmRouter.ts. */
export interface OsrmRouterConfig extends RouterConfig {
  /** Match the server's --max-table-size. */
  maxTableSize?: number;
  maxSnapDistanceM?: number;
  geometries?: OsrmGeometries;
}

/** ROUTER=osrm ROUTER_URL=http://host:5000. No request is made until the first call. */
export const createOsrmRouter = (async (config: OsrmRouterConfig): Promise<Router> => {
  if (!config.url) {
    throw new RoutingError('InvalidInput', 'The OSRM router needs the server URL: set ROUTER_URL, e.g. http://127.0.0.1:5000');
  }
  let url: URL;
  try {
    url = new URL(config.url);
  } catch (e) {
    throw new RoutingError('InvalidInput', `ROUTER_URL '${config.url}' is not a URL; use e.g. http://127.0.0.1:5000`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RoutingError('InvalidInput', `ROUTER_URL '${config.url}' must be http:// or https://`);
  }
  return new OsrmRouter({
    baseUrl: config.url,
    policy: retryPolicyFrom(config),
    maxTableSize: config.maxTableSize,
    maxSnapDistanceM: config.maxSnapDistanceM,
    geometries: config.geometries,
  });
}) satisfies RouterFactory;
