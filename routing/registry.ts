import { RoutingError } from './errors';
import type { Router } from './Router';

/** How to reach a routing backend. From the environment: ROUTER, ROUTER_URL, GRAPHHOPPER_KEY, ROUTER_DATA. */
export interface RouterConfig {
  /** Registry name: 'builtin' (default), 'osrm', 'graphhopper'. */
  router: string;
  /** Base URL of an OSRM or GraphHopper server. */
  url?: string;
  /** GraphHopper API key. */
  key?: string;
  /** Folder written by `anystop routing prepare` (built-in router). */
  dataDir?: string;
  /** Per-request timeout of HTTP backends. */
  timeoutMs?: number;
  /** Retries of HTTP backends after a timeout or connection failure. */
  retries?: number;
}

export type RouterFactory = (config: RouterConfig) => Promise<Router>;

export const DEFAULT_HTTP_TIMEOUT_MS = 2000;
export const DEFAULT_HTTP_RETRIES = 1;

/** Backends by name; each backend module registers itself (see backends.ts). */
export class RouterRegistry {
  private readonly factories = new Map<string, RouterFactory>();

  register(name: string, factory: RouterFactory): this {
    this.factories.set(name, factory);
    return this;
  }

  names(): string[] {
    return [...this.factories.keys()];
  }

  async create(config: RouterConfig): Promise<Router> {
    const factory = this.factories.get(config.router);
    if (!factory) {
      throw new RoutingError('InvalidInput', `Unknown router '${config.router}'. Choose one of: ${this.names().join(', ')}`);
    }
    return factory(config);
  }
}

export function routerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RouterConfig {
  const num = (v: string | undefined): number | undefined => (v !== undefined && v !== '' ? Number(v) : undefined);
  return {
    router: env.ROUTER ?? 'builtin',
    url: env.ROUTER_URL,
    key: env.GRAPHHOPPER_KEY,
    dataDir: env.ROUTER_DATA,
    timeoutMs: num(env.ROUTER_TIMEOUT_MS),
    retries: num(env.ROUTER_RETRIES),
  };
}
