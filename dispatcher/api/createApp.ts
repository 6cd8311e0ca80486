import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { ApiError } from './ApiError';
import { NEARBY_VEHICLES } from '../../protocol/trips';
import type { DispatchService } from './DispatchService';
import { openApiDocument } from './openApiDocument';
import { pageRoutes, type PageSources } from './pageRoutes';
import { cancelSchema, idempotencyKeySchema, idParamSchema, serviceAreaSchema, positionSchema, shiftStartSchema, stopEventSchema, tripRequestSchema, vehicleSchema } from './schemas';
import { staticPages } from './staticPages';

/** Largest JSON body accepted. */
export const DEFAULT_BODY_LIMIT = '32kb';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Runs an async handler and hands its errors to the error middleware. */
const route = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
  fn(req, res).catch(next);
};

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const path = first.path.length ? `${what}.${first.path.join('.')}` : what;
    throw new ApiError('ValidationFailed', `${path}: ${first.message}`);
  }
  return result.data;
}

/**
 * The dispatcher's HTTP API (express). Every body is checked at the edge; every error leaves as
 * `{ error: { code, message } }` with its status.
 */
export function createApp(service: DispatchService, options: { bodyLimit?: string; pages?: PageSources } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, type: () => true }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  app.use(pageRoutes(options.pages ?? {})); // the pages' read-only data (places, roads, trip origins, CSV); before GET /trips/:id

  app.post(
    '/trips',
    route(async (req, res) => {
      const body = parse(tripRequestSchema, req.body, 'body');
      const rawKey = req.header('Idempotency-Key');
      const key = rawKey === undefined ? undefined : parse(idempotencyKeySchema, rawKey, 'Idempotency-Key');
      const { trip, created } = await service.requestTrip(body, key);
      res.status(created ? 201 : 200).json(trip);
    }),
  );
  app.get(
    '/trips/:id',
    route(async (req, res) => {
      const trip = await service.getTrip(parse(idParamSchema, req.params.id, 'id'));
      if (!trip) throw new ApiError('NotFound', `No trip ${req.params.id}`);
      res.json(trip);
    }),
  );
  app.post(
    '/trips/:id/accept',
    route(async (req, res) => {
      res.json(await service.acceptOffer(parse(idParamSchema, req.params.id, 'id')));
    }),
  );
  app.post(
    '/trips/:id/decline',
    route(async (req, res) => {
      res.json(await service.declineOffer(parse(idParamSchema, req.params.id, 'id')));
    }),
  );
  app.post(
    '/trips/:id/cancel',
    route(async (req, res) => {
      const body = parse(cancelSchema, req.body ?? {}, 'body');
      res.json(await service.cancelTrip(parse(idParamSchema, req.params.id, 'id'), body.reason));
    }),
  );

  app.put(
    '/vehicles/:id',
    route(async (req, res) => {
      const body = parse(vehicleSchema, { ...(req.body as object), id: req.params.id }, 'body');
      res.json(await service.upsertVehicle(body));
    }),
  );
  app.post(
    '/vehicles/:id/shift/start',
    route(async (req, res) => {
      res.json(await service.startShift(parse(idParamSchema, req.params.id, 'id'), parse(shiftStartSchema, req.body ?? {}, 'body')));
    }),
  );
  app.post(
    '/vehicles/:id/shift/end',
    route(async (req, res) => {
      res.json(await service.endShift(parse(idParamSchema, req.params.id, 'id')));
    }),
  );

  app.get(
    '/vehicles/nearby',
    route(async (req, res) => {
      const q = parse(z.object({ lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }).strict(), req.query, 'query');
      res.json({ vehicles: await service.nearbyVehicles([q.lon, q.lat], NEARBY_VEHICLES.radiusM, NEARBY_VEHICLES.max) });
    }),
  );
  app.post(
    '/vehicles/:id/position',
    route(async (req, res) => {
      await service.reportPosition(parse(idParamSchema, req.params.id, 'id'), parse(positionSchema, req.body, 'body'));
      res.status(204).end();
    }),
  );
  app.post(
    '/vehicles/:id/stop-events',
    route(async (req, res) => {
      const body = parse(stopEventSchema, req.body, 'body');
      res.json(await service.stopEvent(parse(idParamSchema, req.params.id, 'id'), body.tripId, body.event));
    }),
  );

  app.get(
    '/service-areas',
    route(async (_req, res) => {
      res.json({ type: 'FeatureCollection', features: await service.listServiceAreas() });
    }),
  );
  app.post(
    '/service-areas',
    route(async (req, res) => {
      res.status(201).json(await service.createServiceArea(parse(serviceAreaSchema, req.body, 'body')));
    }),
  );
  app.delete(
    '/service-areas/:id',
    route(async (req, res) => {
      const id = parse(z.coerce.number().int().positive(), req.params.id, 'id');
      if (!(await service.deleteServiceArea(id))) throw new ApiError('NotFound', `No service area ${id}`);
      res.status(204).end();
    }),
  );

  app.get(
    '/metrics',
    route(async (req, res) => {
      const range = parse(
        z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() }).strict(),
        req.query,
        'query',
      );
      res.json(await service.metrics({ fromS: range.from, toS: range.to }));
    }),
  );

  app.use(staticPages()); // the built pages (web/dist): /, /rider, /driver, /planner and their bundles
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
  return new ApiError('Internal', 'Something went wrong on our side; the request was not completed', { cause: err });
}
