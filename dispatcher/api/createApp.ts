import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { HealthReport } from '../../protocol/health';
import type { ServerAuth } from '../auth/ServerAuth';
import { ApiError } from '../errors/ApiError';
import { type BoardSources, boardRoutes } from './boardRoutes';
import { corsPolicy } from './corsPolicy';
import type { DispatchService } from './DispatchService';
import { devTokenRoute } from './devTokenRoute';
import { healthRoutes } from './healthRoutes';
import { openApiDocument } from './openApiDocument';
import { operatorRoutes } from './operatorRoutes';
import { pageRoutes, type PageSources } from './pageRoutes';
import { planningRoutes } from './planningRoutes';
import type { RateLimitStore } from './KeyedRateLimiter';
import { DEFAULT_HTTP_RATE_LIMITS, type HttpRateLimits, perIdentityRateLimit, perIpRateLimit } from './rateLimits';
import { accessGuard, authenticate } from './requestAuth';
import { securityHeaders } from './securityHeaders';
import { standardsRoutes } from '../standards/standardsRoutes';
import type { StandardsSources } from '../standards/StandardsSources';
import { staticPages } from './staticPages';
import { tripRoutes } from './tripRoutes';
import { vehicleRoutes } from './vehicleRoutes';
import { plannedShiftRoutes } from './plannedShiftRoutes';
import { recurringTripRoutes } from './recurringTripRoutes';
import { zoneRoutes } from './zoneRoutes';
import type { PlannedShiftService } from '../rules/PlannedShiftService';
import type { RecurringTrips } from '../rules/RecurringTrips';
import type { ZoneRulesService } from '../rules/ZoneRulesService';

/** Largest JSON body accepted. */
export const DEFAULT_BODY_LIMIT = '32kb';

export interface AppOptions {
  /** Token checks (and the development token endpoint when the config allows it). */
  auth: ServerAuth;
  bodyLimit?: string;
  pages?: PageSources;
  rateLimits?: HttpRateLimits;
  /** Other origins whose pages may call the API; default none (same origin only). */
  corsOrigins?: readonly string[];
  /** express's `trust proxy`: set behind a reverse proxy so limits count the client's address, not the proxy's. */
  trustProxy?: boolean | number | string;
  /** Where rate-limit counters live (Redis shared by the instances, or this process: the default). */
  rateLimitStore?: RateLimitStore;
  /** Run first on every request: request ids, the structured request log, latency metrics (dispatcher/observability). */
  requestHooks?: readonly RequestHandler[];
  /** What GET /health and GET /ready report (startServer checks the database and the router); default all up. */
  health?: () => Promise<HealthReport>;
  /** GTFS-Flex, GOFS, GTFS-Realtime and TOMP-API (startServer gives them); without, those routes are not mounted. */
  standards?: StandardsSources;
  /** Zones and rules, shifts planned ahead, recurring trips (startServer gives them); without, those routes are not mounted. */
  serviceRules?: { zones: ZoneRulesService; shifts: PlannedShiftService; recurring: RecurringTrips };
  /** The operator console's live board (GET /board); without, that route is not mounted. */
  board?: BoardSources;
}

/**
 * The dispatcher's HTTP API (express). In order: security headers, CORS, the per-address rate limit, the body
 * (at most bodyLimit), the bearer token, the per-rider rate limit, the access table (401/403), then the routes,
 * which check ownership and validate every input (zod). Every error leaves as `{ error: { code, message } }`.
 */
export function createApp(service: DispatchService, options: AppOptions): express.Express {
  const app = express();
  const limits = options.rateLimits ?? DEFAULT_HTTP_RATE_LIMITS;
  const store = options.rateLimitStore ?? {};
  app.disable('x-powered-by');
  for (const hook of options.requestHooks ?? []) app.use(hook);
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(securityHeaders());
  app.use(corsPolicy(options.corsOrigins ?? []));
  app.use(perIpRateLimit(limits, store));
  app.use(express.json({ limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, type: () => true }));
  app.use(authenticate(options.auth.verifier));
  app.use(perIdentityRateLimit(limits, store));
  app.use(accessGuard());

  app.use(healthRoutes(options.health ?? (async () => ({ status: 'ok', database: 'up', router: 'up', fleetResyncPending: 0, instance: 'test', nats: 'off', zones: ['*'] }))));
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  if (options.auth.config.devTokens && options.auth.issuer) app.use(devTokenRoute(options.auth.issuer));
  app.use(pageRoutes(options.pages ?? {})); // the pages' data (places, roads, trip origins, CSV); before GET /trips/:id
  app.use(tripRoutes(service));
  app.use(vehicleRoutes(service));
  app.use(operatorRoutes(service));
  app.use(planningRoutes(service));
  if (options.standards) app.use(standardsRoutes(options.standards));
  if (options.serviceRules) {
    app.use(zoneRoutes(options.serviceRules.zones));
    app.use(plannedShiftRoutes(options.serviceRules.shifts));
    app.use(recurringTripRoutes(options.serviceRules.recurring));
  }
  if (options.board) app.use(boardRoutes(options.board));

  app.use(staticPages()); // the built pages (web/dist): /, /rider, /driver, /planner, /operator and their bundles
  app.use((req, _res, next) => next(new ApiError('NotFound', `No route ${req.method} ${req.path}`)));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = toApiError(err);
    if (e.retryAfterS !== undefined) res.set('Retry-After', String(Math.ceil(e.retryAfterS)));
    if (e.status >= 500 && e.code === 'Internal') process.stderr.write(`internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    res.status(e.status).json({ error: { code: e.code, message: e.message } });
  });
  return app;
}

/** Maps anything thrown to an ApiError: body-parser's errors by their type, unknown ones to Internal (no details leak). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new ApiError('InvalidJson', 'The body is not valid JSON');
  if (type === 'entity.too.large') return new ApiError('PayloadTooLarge', 'The body is larger than the limit');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new ApiError('UnsupportedMediaType', 'Send JSON in UTF-8');
  if (type === 'request.aborted' || type === 'request.size.invalid') return new ApiError('ValidationFailed', 'The body was cut off');
  // The router decoding a path segment like %zz or %ff: the client's URL is wrong, not the server.
  if (err instanceof URIError) return new ApiError('ValidationFailed', 'A part of the URL is not valid percent-encoded UTF-8');
  return new ApiError('Internal', 'Something went wrong on our side; the request was not completed', { cause: err });
}
