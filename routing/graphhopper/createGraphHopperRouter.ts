import { RoutingError } from '../errors';
import { retryPolicyFrom } from '../http/RetryPolicy';
import type { RouterConfig, RouterFactory } from '../registry';
import type { Router } from '../Router';
import { DEFAULT_GRAPHHOPPER_URL, GraphHopperRouter } from './GraphHopperRouter';

/** RouterConfig plus the GraphHopper-only knob. */
export interface GraphHopperRouterConfig extends RouterConfig {
  /** Routing profile; the hosted API's 'car' by default. */
  profile?: string;
}

/**
 * ROUTER=graphhopper GRAPHHOPPER_KEY=… (hosted API), or ROUTER_URL=http://host:8989 for a server of
 * your own. No request is made until the first call.
 */
export const createGraphHopperRouter = (async (config: GraphHopperRouterConfig): Promise<Router> => {
  const host = config.url || DEFAULT_GRAPHHOPPER_URL;
  let url: URL;
  try {
    url = new URL(host);
  } catch (e) {
    throw new RoutingError('InvalidInput', `ROUTER_URL '${host}' is not a URL; use e.g. ${DEFAULT_GRAPHHOPPER_URL}`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RoutingError('InvalidInput', `ROUTER_URL '${host}' must be http:// or https://`);
  }
  if (url.hostname === 'graphhopper.com' && !config.key) {
    throw new RoutingError('InvalidInput', 'The hosted GraphHopper API needs a key: set GRAPHHOPPER_KEY (free keys at graphhopper.com)');
  }
  return new GraphHopperRouter({ host, key: config.key, policy: retryPolicyFrom(config), profile: config.profile });
}) satisfies RouterFactory;
