import type { MeetingPointSet } from '../meetingPoints/MeetingPointSet';
import { LogNotificationSender, type NotificationSender } from '../notifications/NotificationSender';
import { OwnerOnlySender } from '../notifications/OwnerOnlySender';
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
import { BoardRepository } from '../persistence/BoardRepository';
import { ServiceRulesRepository } from '../persistence/ServiceRulesRepository';
import { randomUUID } from 'node:crypto';
import { PlannedShiftService } from '../rules/PlannedShiftService';
import { RecurringReleaseScheduler } from '../rules/RecurringReleaseScheduler';
import { RecurringTrips } from '../rules/RecurringTrips';
import { ZoneRulesService } from '../rules/ZoneRulesService';
import { OfferQuote } from '../standards/OfferQuote';
import { LiveFixes, type StandardsSources } from '../standards/StandardsSources';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { Dispatcher } from './Dispatcher';
import { healthCheck } from '../api/healthCheck';
import { convexHull } from '../spatial/convexHull';
import { PlaceIndex } from '../api/PlaceIndex';
import { readOsmPlaces } from '../api/readOsmPlaces';
import { attachRealtime } from '../realtime/attachRealtime';
import { tokenAuthorizer } from '../realtime/Authorizer';
import { DEFAULT_POSITION_LEAD_S } from '../realtime/RealtimeOptions';
import { Redis } from 'ioredis';
import { ClusterNode } from '../cluster/ClusterNode';
import type { RealtimeDeps } from '../realtime/RealtimeHub';
import { DispatcherMetrics } from '../observability/DispatcherMetrics';
import { instrumentService, observeReoptimizerRound } from '../observability/instrumentService';
import { instanceIdFromEnv, type Logger, silentLogger } from '../observability/Logger';
import { requestLogging } from '../observability/requestLogging';
import { type MetricsServer, startMetricsServer } from '../observability/startMetricsServer';

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
  /** Release recurring trips' occurrences into the live plan on a timer (default true). */
  releaseRecurring?: boolean;
  /** How long before its pickup an occurrence is released (default DEFAULT_RELEASE_HORIZON_S, 2 h). */
  recurringReleaseHorizonS?: number;
  onProgress?: (message: string) => void;
  /** This instance's name in logs, metrics, health and zone ownership (default: ANYSTOP_INSTANCE_ID, else host name and pid). */
  instanceId?: string;
  /** Structured JSON logs, one line per request with its id (default: none). */
  logger?: Logger;
  /** Prometheus text at GET /metrics on this port of `host` (0: any free port); default: no metrics listener. */
  metricsPort?: number;
  /** Redis (ANYSTOP_REDIS_URL) for rate-limit counters every instance shares; default: this process's memory. */
  redisUrl?: string;
  /**
   * NATS (ANYSTOP_NATS_URL): this instance is one of several on the same PostgreSQL, owning some zones (service areas)
   * and forwarding decisions for the others to their owners. Absent: it runs alone, exactly as before.
   */
  natsUrl?: string;
  /** Zone ownership heartbeat in cluster mode (default OWNERSHIP_DEFAULTS.heartbeatMs). */
  clusterHeartbeatMs?: number;
  /** The OSM extract whose streets, landmarks and addresses the rider page searches (GET /places); default the router's street names. */
  placesFile?: string;
  /** Candidate meeting points (an import or derived from the network); absent: riders are met at the curb next to them. */
  meetingPoints?: MeetingPointSet;
  /** Where rider notifications go besides their pages (email/SMS); default the log adapter, which sends nothing. */
  notificationSender?: NotificationSender;
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
  instanceId: string;
  /** This instance's Prometheus registry (request latency, decisions, re-optimizer, websockets, event-log lag, zones). */
  metrics: DispatcherMetrics;
  /** Where GET /metrics answers (the --metrics-port listener), or null without one. */
  metricsUrl: string | null;
  /** This instance's part in a cluster (zones, forwarding), or null when it runs alone. */
  cluster: ClusterNode | null;
  /** Zones, planned shifts and recurring trips (tests release occurrences with serviceRules.recurring.release()). */
  serviceRules: { zones: ZoneRulesService; shifts: PlannedShiftService; recurring: RecurringTrips };
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
  const instanceId = options.instanceId ?? instanceIdFromEnv(process.env);
  const logger = options.logger ?? silentLogger();
  const metrics = new DispatcherMetrics(instanceId);
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
      ...(options.meetingPoints ? { meetingPoints: options.meetingPoints } : {}),
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
    const local = instrumentService(dispatcher, metrics);
    if (options.natsUrl && !(database.kind === 'server' && options.databaseUrl)) {
      throw new Error('Several instances share one PostgreSQL: set DATABASE_URL with ANYSTOP_NATS_URL (the embedded database serves one instance)');
    }
    const cluster = options.natsUrl
      ? await ClusterNode.start({
          natsUrl: options.natsUrl,
          databaseUrl: options.databaseUrl!,
          instanceId,
          pool: database.pool,
          events: repos.events,
          dispatcher,
          local,
          metrics,
          logger,
          heartbeatMs: options.clusterHeartbeatMs,
        })
      : null;
    if (cluster) say(`cluster member ${instanceId}: zones ${cluster.status().zones.join(', ') || 'none yet'}`);
    const service = cluster?.service ?? local;
    const health = healthCheck({
      pingDatabase: () => database.ping(),
      routerHealth: () => router.health,
      resyncPending: () => dispatcher.resync.size,
      stopping: () => gate.draining,
      instance: instanceId,
      cluster: () => cluster?.status() ?? { nats: 'off', zones: ['*'] },
    });
    // rejectIfRedisNotReady in the limiters: while Redis is away each instance counts alone instead of failing requests.
    const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }) : undefined;
    redis?.on('error', (e: Error) => logger.warn({ err: e.message }, 'redis: rate limits counted in this process until it answers'));
    const standards = standardsSources(dispatcher, router, repos, new ServiceRulesRepository(database.pool), options.clock);
    const newId = () => randomUUID();
    const serviceRules = {
      zones: new ZoneRulesService({ repos, router, clock: options.clock, rules: dispatcher.rules, newId }),
      shifts: new PlannedShiftService({ repos, clock: options.clock, policy: dispatcher.policy }),
      recurring: new RecurringTrips({ repos, trips: service, clock: options.clock, rules: dispatcher.rules, newId, releaseHorizonS: options.recurringReleaseHorizonS }),
    };
    const releases = new RecurringReleaseScheduler(serviceRules.recurring, (m) => logger.info(m));
    const app = createApp(service, {
      pages,
      auth,
      rateLimits: options.rateLimits,
      rateLimitStore: { redis },
      corsOrigins,
      trustProxy: options.trustProxy,
      health,
      requestHooks: [requestLogging(logger), metrics.requestTimer()],
      standards,
      serviceRules,
      board: { repository: new BoardRepository(database.pool), fleet: dispatcher.fleet, clock: options.clock, policy: dispatcher.policy },
    });
    const server = createServer(gate.wrap(app)).listen(options.port, options.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    // Clustered, what drivers send over the websocket goes to their zone's owner like the HTTP calls do.
    const realtimeDispatcher: RealtimeDeps['dispatcher'] = cluster
      ? {
          fleet: dispatcher.fleet,
          changes: dispatcher.changes,
          reportPosition: (id, report) => service.reportPosition(id, report),
          stopEvent: (id, tripId, event, report) => service.stopEvent(id, tripId, event, report),
          startShift: (id, input) => service.startShift(id, input),
          endShift: (id) => service.endShift(id),
        }
      : dispatcher;
    // Rider notifications by email/SMS: the log adapter (sends nothing) unless one is given; in a cluster, once.
    const sender = options.notificationSender ?? new LogNotificationSender(logger);
    const realtime = await attachRealtime(
      server,
      { dispatcher: realtimeDispatcher, repos: cluster ? { events: cluster.eventLogForRealtime(), trips: repos.trips, vehicles: repos.vehicles } : repos, router, clock: options.clock, notificationSender: cluster ? new OwnerOnlySender(sender, (tripId) => cluster.sendsFor(tripId)) : sender },
      { authorizer: tokenAuthorizer({ verifier: auth.verifier, positionLeadS: DEFAULT_POSITION_LEAD_S }), allowedOrigins: corsOrigins },
    );
    cluster?.onRemoteCommitted(() => realtime.nudge());
    const ownRound = dispatcher.reoptimizer.round.bind(dispatcher.reoptimizer);
    const round = cluster ? cluster.wrapReoptimizerRound(ownRound) : ownRound;
    dispatcher.reoptimizer.round = async (...args) => {
      const result = await round(...args);
      observeReoptimizerRound(metrics, result);
      return result;
    };
    metrics.observe({
      websocket: () => realtime.stats(),
      eventLogLag: async () => {
        const seq = realtime.followedSeq();
        const [next] = await repos.events.listAfter(seq, 1);
        if (!next) return { events: 0, ageS: 0 };
        return { events: (await repos.events.latestSeq()) - seq, ageS: Math.max(0, options.clock.nowS() - next.atS) };
      },
      zones: () => cluster?.zoneView() ?? [{ zone: '*', owned: true }],
      reoptimizerRounds: () => dispatcher.reoptimizer.rounds,
    });
    const metricsServer: MetricsServer | null = options.metricsPort === undefined ? null : await startMetricsServer(metrics, options.metricsPort, options.host);
    if (options.reoptimize ?? true) dispatcher.reoptimizer.start();
    // The rebalancer runs beside the re-optimizer (and, like it, is stepped by the simulator instead); off unless policy.rebalance.
    if (options.reoptimize ?? true) dispatcher.rebalancer?.start();
    if (options.releaseRecurring ?? true) releases.start();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${options.host}:${port}`,
      dispatcher,
      database,
      server,
      auth,
      instanceId,
      metrics,
      metricsUrl: metricsServer?.url ?? null,
      cluster,
      serviceRules,
      async settled() {
        await realtime.settled();
        // In-process clients read their sockets: what was written is already in their receive buffers (loopback), so
        // the loop's next poll phase reads it; two check phases later it has been handled (no timer to wait out).
        for (let k = 0; k < 2; k++) await new Promise<void>((resolve) => setImmediate(resolve));
      },
      stop() {
        stopping ??= (async () => {
          gate.drain();
          realtime.refuseNew();
          const optimizerStopped = Promise.all([dispatcher.reoptimizer.stop(), dispatcher.rebalancer?.stop()]);
          await releases.stop();
          if (!(await gate.idle(SHUTDOWN_GRACE_MS))) say(`${gate.active} requests still running after ${SHUTDOWN_GRACE_MS} ms: closing their connections`);
          await cluster?.stop(); // zones handed back (forwarded calls in flight finish first): the others take them now
          await dispatcher.idle(); // stop events and shift changes sent over the websockets
          await optimizerStopped;
          await dispatcher.positions.flush();
          await realtime.settled(); // what just committed reaches the clients before they are told to go
          await realtime.close();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          dispatcher.resync.stop();
          await metricsServer?.close();
          redis?.disconnect();
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

/** What the open-standards routes read from this dispatcher: its public interface, the stored rules, quotes, the live plan. */
function standardsSources(dispatcher: Dispatcher, router: Router, repos: Database['repos'], rules: ServiceRulesRepository, clock: Clock): StandardsSources {
  const fixes = new LiveFixes();
  dispatcher.changes.on('position', fixes.record);
  // Quoted on the router the bookings plan on (learnt speed factors included), so a booking right after gets the same promise.
  const quotes = new OfferQuote({ router: dispatcher.router, fleet: dispatcher.fleet, policy: dispatcher.policy, clock, covers: (p) => repos.serviceAreas.covers(p) });
  return {
    service: dispatcher,
    rules,
    quote: (r) => quotes.quote(r),
    live: () => ({ vehicles: [...dispatcher.fleet.vehicles.values()], trips: dispatcher.fleet.trips, fixes: fixes.all }),
    clock,
  };
}
