import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { NEARBY_VEHICLES } from '../../protocol/trips';
import type { DispatchService } from './DispatchService';
import { requireVehicle } from './ownership';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { idParamSchema, outOfServiceSchema, positionSchema, shiftStartSchema, stopEventSchema, vehicleSchema } from './schemas';

const nearbyQuerySchema = z.object({ lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }).strict();

/**
 * Vehicles: operators manage them and their shifts; a driver reports positions and stop events, and starts or
 * ends shifts, for the vehicle it signed in to only; anyone signed in sees anonymous vehicles nearby.
 */
export function vehicleRoutes(service: DispatchService): Router {
  const router = Router();

  /** Who acts, when an operator does (their fleet edits and shift changes go into the audit trail); else undefined. */
  const operatorActor = (res: Response): string | undefined => {
    const { principal } = grantOf(res);
    return principal.role === 'operator' ? `${principal.role}:${principal.subject}` : undefined;
  };

  /** The :id of the path, once the caller may act for that vehicle. */
  const vehicleId = (req: Request, res: Response) => {
    const id = parse(idParamSchema, req.params.id, 'id');
    requireVehicle(grantOf(res), id);
    return id;
  };

  router.get(
    '/vehicles/nearby',
    route(async (req, res) => {
      grantOf(res);
      const q = parse(nearbyQuerySchema, req.query, 'query');
      res.json({ vehicles: await service.nearbyVehicles([q.lon, q.lat], NEARBY_VEHICLES.radiusM, NEARBY_VEHICLES.max) });
    }),
  );
  router.put(
    '/vehicles/:id',
    route(async (req, res) => {
      const id = vehicleId(req, res);
      res.json(await service.upsertVehicle(parse(vehicleSchema, { ...(req.body as object), id }, 'body'), operatorActor(res)));
    }),
  );
  router.post(
    '/vehicles/:id/shift/start',
    route(async (req, res) => {
      const id = vehicleId(req, res);
      res.json(await service.startShift(id, parse(shiftStartSchema, req.body ?? {}, 'body'), operatorActor(res)));
    }),
  );
  router.post(
    '/vehicles/:id/shift/end',
    route(async (req, res) => {
      res.json(await service.endShift(vehicleId(req, res), operatorActor(res)));
    }),
  );
  router.post(
    '/vehicles/:id/out-of-service',
    route(async (req, res) => {
      const { principal } = grantOf(res);
      const id = parse(idParamSchema, req.params.id, 'id');
      const body = parse(outOfServiceSchema, req.body, 'body');
      res.json(await service.markOutOfService(id, body.reason, `${principal.role}:${principal.subject}`));
    }),
  );
  router.post(
    '/vehicles/:id/position',
    route(async (req, res) => {
      const id = vehicleId(req, res);
      await service.reportPosition(id, parse(positionSchema, req.body, 'body'));
      res.status(204).end();
    }),
  );
  router.post(
    '/vehicles/:id/stop-events',
    route(async (req, res) => {
      const id = vehicleId(req, res);
      const body = parse(stopEventSchema, req.body, 'body');
      res.json(await service.stopEvent(id, body.tripId, body.event, { location: body.location, atS: body.atS, confirmOffSite: body.confirmOffSite }));
    }),
  );
  return router;
}
