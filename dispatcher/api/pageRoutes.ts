import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RoadNetwork } from '../../routing/builtin/graph/RoadNetwork';
import type { TripExportRepository } from '../persistence/TripExportRepository';
import { toServiceError } from './errorMapping';
import { ApiError } from '../errors/ApiError';
import { networkGeoJson } from './networkGeoJson';
import type { PlacesResponse, TripOriginsResponse } from '../../protocol/pages';
import { PlaceIndex } from './PlaceIndex';
import { isTimeZone, tripsCsv } from './tripsCsv';

/** What the pages' read-only endpoints read: the built-in router's network (absent with OSRM or GraphHopper) and the stored trips. */
export interface PageSources {
  network?: RoadNetwork;
  /** The place search (streets, landmarks, addresses of the extract); default the network's street names. */
  places?: () => Promise<PlaceIndex>;
  trips?: TripExportRepository;
}

/** The end of "all time" when a range has no `to` (year 5138; PostgreSQL's timestamps go far beyond). */
const OPEN_END_S = 1e11;

const rangeSchema = z
  .object({ from: z.coerce.number().int().min(0).optional(), to: z.coerce.number().int().positive().optional() })
  .strict();
const csvQuerySchema = z
  .object({
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().positive().optional(),
    tz: z.string().max(64).refine(isTimeZone, { message: 'an IANA time zone such as Asia/Seoul' }).optional(),
  })
  .strict();
const placesQuerySchema = z
  .object({
    q: z.string().max(100).default(''),
    limit: z.coerce.number().int().min(1).max(20).optional(),
    /** Where the rider looks or stands, "lon,lat": a long street is placed at its point nearest to it. */
    near: z
      .string()
      .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'near must be "lon,lat"')
      .transform((v) => v.split(',').map(Number) as [number, number])
      .refine(([lon, lat]) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90, 'near is not on Earth')
      .optional(),
  })
  .strict();

function parseQuery<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new ApiError('ValidationFailed', `query${first.path.length ? `.${first.path.join('.')}` : ''}: ${first.message}`);
}

const handle = (fn: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
  Promise.resolve()
    .then(() => fn(req, res))
    .catch((e: unknown) => next(toServiceError(e)));
};

/**
 * Read-only endpoints for the pages: GET /places?q= (street search), GET /network.geojson (roads to draw
 * when map tiles cannot load), GET /trips/origins (demand heatmap) and GET /trips.csv (planner export,
 * without rider names or ids). Mount before GET /trips/:id, which would otherwise take "origins" for an id.
 */
export function pageRoutes(sources: PageSources): Router {
  const router = Router();
  let places: Promise<PlaceIndex | undefined> | undefined;
  let network: string | undefined;

  router.get(
    '/places',
    handle(async (req, res) => {
      const query = parseQuery(placesQuerySchema, req.query);
      const network = sources.network;
      places ??= sources.places ? sources.places() : Promise.resolve(network ? PlaceIndex.fromNetwork(network) : undefined);
      const index = await places;
      const body: PlacesResponse = { places: index?.search(query.q, { limit: query.limit, near: query.near }) ?? [] };
      res.json(body);
    }),
  );
  router.get(
    '/network.geojson',
    handle((_req, res) => {
      network ??= JSON.stringify(sources.network ? networkGeoJson(sources.network) : { type: 'FeatureCollection', features: [] });
      res.type('application/geo+json').set('Cache-Control', 'public, max-age=3600').send(network);
    }),
  );
  router.get(
    '/trips/origins',
    handle(async (req, res) => {
      const range = parseQuery(rangeSchema, req.query);
      const fromS = range.from ?? 0;
      const toS = range.to ?? OPEN_END_S;
      const body: TripOriginsResponse = { fromS, toS, origins: await requireTrips(sources).origins(fromS, toS) };
      res.json(body);
    }),
  );
  router.get(
    '/trips.csv',
    handle(async (req, res) => {
      const range = parseQuery(csvQuerySchema, req.query);
      const rows = await requireTrips(sources).exportRows(range.from ?? 0, range.to ?? OPEN_END_S);
      res.type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="anystop-trips.csv"').send(tripsCsv(rows, range.tz ?? 'UTC'));
    }),
  );
  return router;
}

function requireTrips(sources: PageSources): TripExportRepository {
  if (!sources.trips) throw new ApiError('NotFound', 'Trip history is not available on this server (no database given to the pages)');
  return sources.trips;
}
