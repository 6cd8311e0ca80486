import { Router } from 'express';
import { z } from 'zod';
import type { MetricsIntervals, PlannerMetrics } from '../../protocol/metrics';
import { ApiError } from '../errors/ApiError';
import type { DispatchService } from './DispatchService';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { serviceAreaSchema } from './schemas';

/** Most intervals one GET /metrics/intervals computes (a week by the hour is 168). */
export const MAX_METRIC_INTERVALS = 400;

const intervalsSchema = z
  .object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive(), step: z.coerce.number().int().min(60).max(86_400 * 7) })
  .strict()
  .refine((q) => q.to > q.from, { message: 'to must be after from' })
  .refine((q) => Math.ceil((q.to - q.from) / q.step) <= MAX_METRIC_INTERVALS, { message: `at most ${MAX_METRIC_INTERVALS} intervals: choose a larger step` });

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
  router.get(
    '/metrics/intervals',
    route(async (req, res) => {
      grantOf(res);
      const q = parse(intervalsSchema, req.query, 'query');
      const intervals: PlannerMetrics[] = [];
      // Each interval counts only what happened in it (requests by their creation time), never a running total.
      for (let from = q.from; from < q.to; from += q.step) intervals.push(await service.metrics({ fromS: from, toS: Math.min(q.to, from + q.step) }));
      const body: MetricsIntervals = { fromS: q.from, toS: q.to, stepS: q.step, intervals };
      res.json(body);
    }),
  );
  return router;
}
