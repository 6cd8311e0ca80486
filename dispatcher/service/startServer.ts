import { createServer, type Server } from 'node:http';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { CIRCUIT_BREAKER_DEFAULTS, CircuitBreakerRouter } from '../../routing/CircuitBreakerRouter';
import type { Router } from '../../routing/Router';
import { createApp } from '../api/createApp';
import { DrainGate } from '../api/DrainGate';
import type { HttpRateLimits } from '../api/rateLimits';
import { type AuthConfig, selfSignedAuthConfig } from '../auth/AuthConfig';
import { createServerAuth, type ServerAuth } from '../auth/ServerAuth';
import type { Clock } from '../clock/Clock';
import { type Database, openDatabase } from '../persistence/Database';
import { MetricsRepository } from '../persistence/MetricsRepository';
import { TripExportRepository } from '../persistence/TripExportRepository';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { Dispatcher } from './Dispatcher';
import { healthCheck } from '../api/healthCheck';
import { convexHull } from '../spatial/convexHull';
import { PlaceIndex } from '../api/PlaceIndex';
import { readOsmPlaces } from '../api/readOsmPlaces';
import { attachRealtime } from '../realtime/attachRealtime';
import { tokenAuthorizer } from '../realtime/Authorizer';
import { DEFAULT_POSITION_LEAD_S } from '../realtime/RealtimeOptions';

export interface ServerOptions {
  router: Router;
  clock: Clock;
  port: number;
  host: string;
  databaseUrl?: string;
  /** An already open database (what-if runs bring a scratch one); stop() closes it. */
  database?: Database;
  embeddedDataDir?: string;
  policy?: DispatchPolicy;
  /**
   * How tokens are checked (and whether development tokens are served). Default: a random secret only this
   * process knows, so only what it signs itself (`running.auth.issuer`) gets in; no development endpoint.
   */
  auth?: AuthConfig;
  /** HTTP rate limits (default DEFAULT_HTTP_RATE_LIMITS). */
  rateLimits?: HttpRateLimits;
  /** Other origins whose pages may call the API and open the websocket; default none (same origin). */
  corsOrigins?: readonly string[];
  /** express's `trust proxy`, behind a reverse proxy. */
  trustProxy?: boolean | number | string;
  /** Re-optimize in the background (default true). */
  reoptimize?: boolean;
  onProgress?: (message: string) => void;
  /** The OSM extract whose streets, landmarks and addresses the rider page searches (GET /places); default the router's street names. */
  placesFile?: string;
}

/** How long a shutdown waits for HTTP requests in flight before it closes their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  dispatcher: Dispatcher;
  database: Database;
  server: Server;
  /** Token checks, and the issuer when the server holds the signing secret (in-process simulators and tests mint with it). */
  auth: ServerAuth;
  /**
   * Graceful shutdown: new HTTP requests get 503 ShuttingDown and new websocket upgrades 503, requests and changes in
   * flight finish, the optimizer stops, GPS positions are flushed, websocket clients are closed with 1001, then the
   * database. Idempotent.
   */
  stop(): Promise<void>;
  /** Resolves once what was committed so far has been pushed to the websocket clients (simulations step on it). */
  settled(): Promise<void>;
}

/**
 * The dispatcher process: database (PostgreSQL or embedded), state rebuilt from it, HTTP API, background
 * re-optimization. A fresh database with no service area gets the road network's hull as its area.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const say = options.onProgress ?? (() => {});
  const database = options.database ?? (await openDatabase({ databaseUrl: options.databaseUrl, embeddedDataDir: options.embeddedDataDir, onProgress: say }));
  try {
    const repos = database.repos;
    if ((await repos.serviceAreas.list({ activeOnly: true })).length === 0 && options.router instanceof BuiltinRouter) {
      const net = options.router.network;
      const nodes = Array.from({ length: net.nodeCount }, (_, i) => [net.nodeLon[i], net.nodeLat[i]] as const);
      await repos.serviceAreas.create({ name: 'road network', geometry: { type: 'Polygon', coordinates: [convexHull(nodes)] }, atS: options.clock.nowS() });
      say('no service area yet: using the road network hull');
    }
    const referenceLat = options.router instanceof BuiltinRouter ? options.router.network.nodeLat[0] : 0;
    // A router that is down or slow is waited on once per few seconds, not on every request, stop event and GPS report.
    const router = new CircuitBreakerRouter(options.router, CIRCUIT_BREAKER_DEFAULTS, undefined, (health, reason) =>
      say(health === 'down' ? `routing engine unavailable (${reason}); new requests are declined with RoutingUnavailable` : 'routing engine answers again'),
    );
    say('rebuilding the fleet from the database…');
    const dispatcher = await Dispatcher.start({
      repos,
      router,
      clock: options.clock,
      policy: options.policy,
      referenceLat,
      metrics: new MetricsRepository(database.pool),
    });
    const placesFile = options.placesFile;
    const pages = {
      network: options.router instanceof BuiltinRouter ? options.router.network : undefined,
      trips: new TripExportRepository(database.pool),
      ...(placesFile ? { places: async () => new PlaceIndex(await readOsmPlaces(placesFile)) } : {}),
    };
    const auth = await createServerAuth(options.auth ?? selfSignedAuthConfig());
    const corsOrigins = options.corsOrigins ?? [];
    const gate = new DrainGate();
    const health = healthCheck({
      pingDatabase: () => database.ping(),
      routerHealth: () => router.health,
      resyncPending: () => dispatcher.resync.size,
      stopping: () => gate.draining,
    });
    const app = createApp(dispatcher, { pages, auth, rateLimits: options.rateLimits, corsOrigins, trustProxy: options.trustProxy, health });
    const server = createServer(gate.wrap(app)).listen(options.port, options.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const realtime = await attachRealtime(
      server,
      { dispatcher, repos, router, clock: options.clock },
      { authorizer: tokenAuthorizer({ verifier: auth.verifier, positionLeadS: DEFAULT_POSITION_LEAD_S }), allowedOrigins: corsOrigins },
    );
    if (options.reoptimize ?? true) dispatcher.reoptimizer.start();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${options.host}:${port}`,
      dispatcher,
      database,
      server,
      auth,
      async settled() {
        await realtime.settled();
        await new Promise<void>((resolve) => setTimeout(resolve, 2)); // in-process clients read their sockets
      },
      stop() {
        stopping ??= (async () => {
          gate.drain();
          realtime.refuseNew();
          const optimizerStopped = dispatcher.reoptimizer.stop();
          if (!(await gate.idle(SHUTDOWN_GRACE_MS))) say(`${gate.active} requests still running after ${SHUTDOWN_GRACE_MS} ms: closing their connections`);
          await dispatcher.idle(); // stop events and shift changes sent over the websockets
          await optimizerStopped;
          await dispatcher.positions.flush();
          await realtime.settled(); // what just committed reaches the clients before they are told to go
          await realtime.close();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          dispatcher.resync.stop();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
