import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../../errors/ApiError';
import { parse, route } from '../../api/routeHelpers';
import { baseUrlOf } from '../gtfsFlex/flexRoutes';
import { describeService, type StandardsSources } from '../StandardsSources';
import { BRAND_ID, buildGofsFiles, envelope, GOFS_STATIC_FILES, GOFS_TTL_S, type GofsStaticFile } from './buildGofsFiles';

/** Without a drop-off, the wait is quoted for a short ride this far north of the pickup (degrees of latitude, ≈ 550 m). */
export const NO_DROP_OFF_OFFSET_DEG = 0.005;

const lat = z.coerce.number().min(-90).max(90);
const lon = z.coerce.number().min(-180).max(180);
const querySchema = z
  .object({
    pickup_lat: lat,
    pickup_lon: lon,
    drop_off_lat: lat.optional(),
    drop_off_lon: lon.optional(),
    brand_id: z.string().max(200).optional(),
    pickup_address: z.string().max(300).optional(),
    drop_off_address: z.string().max(300).optional(),
  })
  .strict()
  .refine((q) => (q.drop_off_lat === undefined) === (q.drop_off_lon === undefined), { message: 'drop_off_lat and drop_off_lon come together (or neither)', path: ['drop_off_lat'] });

/**
 * GOFS v1.0 under /gofs/: gofs.json (auto-discovery) and the static files as `<name>.json`, and the dynamic queries
 * wait_time and realtime_booking, answered from the offer the dispatcher would make now (nothing is booked).
 */
export function gofsRoutes(sources: StandardsSources): Router {
  const router = Router();
  const files = async (req: Parameters<typeof baseUrlOf>[0]) => {
    const base = baseUrlOf(req);
    const { service, lastUpdatedS } = await describeService(sources, base);
    const fleet = sources.live().vehicles;
    return { service, files: buildGofsFiles(service, { baseUrl: base, lastUpdatedS, maxSeats: Math.max(1, ...fleet.map((v) => v.seats)), wheelchairs: fleet.some((v) => v.wheelchairs > 0) }) };
  };
  const quote = async (query: unknown) => {
    const q = parse(querySchema, query, 'query');
    const brands = q.brand_id?.split(',').map((b) => b.trim());
    const origin: [number, number] = [q.pickup_lon, q.pickup_lat];
    const destination: [number, number] = q.drop_off_lat === undefined ? [q.pickup_lon, Math.min(90, q.pickup_lat + NO_DROP_OFF_OFFSET_DEG)] : [q.drop_off_lon!, q.drop_off_lat];
    if (brands && !brands.includes(BRAND_ID)) return { quote: null, withDropOff: q.drop_off_lat !== undefined, origin, destination };
    return { quote: await sources.quote({ origin, destination, passengers: 1, wheelchairs: 0 }), withDropOff: q.drop_off_lat !== undefined, origin, destination };
  };
  const waitOf = (q: { ok: true; atS: number; pickupEarliestS: number }) => Math.max(0, Math.round(q.pickupEarliestS - q.atS));
  router.get(
    '/gofs/wait_time',
    route(async (req, res) => {
      const { quote: q } = await quote(req.query);
      const wait_times = q?.ok ? [{ brand_id: BRAND_ID, wait_time: waitOf(q) }] : [];
      res.set('Cache-Control', 'no-cache').json(envelope({ wait_times }, sources.clock.nowS(), GOFS_TTL_S.dynamic));
    }),
  );
  router.get(
    '/gofs/realtime_booking',
    route(async (req, res) => {
      const { quote: q, withDropOff, origin, destination } = await quote(req.query);
      const base = baseUrlOf(req);
      const { service } = await describeService(sources, base);
      const link = new URL(`${base}/rider`);
      link.searchParams.set('pickup_lat', String(origin[1]));
      link.searchParams.set('pickup_lon', String(origin[0]));
      link.searchParams.set('drop_off_lat', String(destination[1]));
      link.searchParams.set('drop_off_lon', String(destination[0]));
      if (q?.ok) link.searchParams.set('pickup_time', String(Math.round(q.pickupEarliestS)));
      const realtime_booking = q?.ok
        ? [
            {
              brand_id: BRAND_ID,
              wait_time: waitOf(q),
              ...(withDropOff ? { travel_time: Math.max(0, Math.round(q.plannedDropoffS - q.plannedPickupS)) } : {}),
              booking_detail: { service_name: service.routeName, web_uri: link.toString(), ...(service.agency.phone ? { phone_number: service.agency.phone } : {}) },
            },
          ]
        : [];
      res.set('Cache-Control', 'no-cache').json(envelope({ realtime_booking }, sources.clock.nowS(), GOFS_TTL_S.dynamic));
    }),
  );
  router.get(
    '/gofs/:file',
    route(async (req, res) => {
      const name = String(req.params.file);
      const base = name.replace(/\.json$/, '');
      if (base !== 'gofs' && !(GOFS_STATIC_FILES as readonly string[]).includes(base)) throw new ApiError('NotFound', `No GOFS file ${name}: see /gofs/gofs.json`);
      const { files: all } = await files(req);
      res.json(base === 'gofs' ? all.gofs : all[base as GofsStaticFile]);
    }),
  );
  return router;
}
