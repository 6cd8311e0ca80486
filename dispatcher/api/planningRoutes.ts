import { Router } from 'express';
import { z } from 'zod';
import { ApiError } from '../errors/ApiError';
import type { DispatchService } from './DispatchService';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { serviceAreaSchema } from './schemas';

const rangeSchema = z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() }).strict();

/** Service areas (everyone signed in reads them, operators change them) and the planner's KPIs. */
export function planningRoutes(service: DispatchService): Router {
  const router = Router();
  router.get(
    '/service-areas',
    route(async (_req, res) => {
      grantOf(res);
      res.json({ type: 'FeatureCollection', features: await service.listServiceAreas() });
    }),
  );
  router.post(
    '/service-areas',
    route(async (req, res) => {
      grantOf(res);
      res.status(201).json(await service.createServiceArea(parse(serviceAreaSchema, req.body, 'body')));
    }),
  );
  router.delete(
    '/service-areas/:id',
    route(async (req, res) => {
      grantOf(res);
      const id = parse(z.coerce.number().int().positive(), req.params.id, 'id');
      if (!(await service.deleteServiceArea(id))) throw new ApiError('NotFound', `No service area ${id}`);
      res.status(204).end();
    }),
  );
  router.get(
    '/metrics',
    route(async (req, res) => {
      grantOf(res);
      const range = parse(rangeSchema, req.query, 'query');
      res.json(await service.metrics({ fromS: range.from, toS: range.to }));
    }),
  );
  return router;
}
