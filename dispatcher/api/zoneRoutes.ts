import { Router } from 'express';
import type { ZoneRulesService } from '../rules/ZoneRulesService';
import { toServiceError } from './errorMapping';
import { requireRider } from './ownership';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { riderGroupsSchema, zoneCreateSchema, zoneUpdateSchema } from './ruleSchemas';
import { idParamSchema } from './schemas';

/** Database and routing failures as coded API errors. */
export async function coded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toServiceError(e);
  }
}

/**
 * Zones and their rules (operators change them; everyone signed in reads them), the hours the rider page shows, and
 * the rider groups eligibility is checked against.
 */
export function zoneRoutes(zones: ZoneRulesService): Router {
  const router = Router();
  router.get(
    '/zones',
    route(async (_req, res) => {
      grantOf(res);
      res.json({ zones: await coded(() => zones.list()) });
    }),
  );
  router.post(
    '/zones',
    route(async (req, res) => {
      grantOf(res);
      const body = parse(zoneCreateSchema, req.body, 'body');
      res.status(201).json(await coded(() => zones.create(body)));
    }),
  );
  router.put(
    '/zones/:id',
    route(async (req, res) => {
      grantOf(res);
      const id = parse(idParamSchema, req.params.id, 'id');
      const body = parse(zoneUpdateSchema, req.body, 'body');
      res.json(await coded(() => zones.update(id, body)));
    }),
  );
  router.delete(
    '/zones/:id',
    route(async (req, res) => {
      grantOf(res);
      const id = parse(idParamSchema, req.params.id, 'id');
      await coded(() => zones.delete(id));
      res.status(204).end();
    }),
  );
  router.get(
    '/service-hours',
    route(async (_req, res) => {
      grantOf(res);
      res.json(await coded(() => zones.serviceHours()));
    }),
  );
  router.get(
    '/riders/:id/groups',
    route(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      requireRider(grantOf(res), id);
      res.json(await coded(() => zones.riderGroups(id)));
    }),
  );
  router.put(
    '/riders/:id/groups',
    route(async (req, res) => {
      grantOf(res);
      const id = parse(idParamSchema, req.params.id, 'id');
      const body = parse(riderGroupsSchema, req.body, 'body');
      res.json(await coded(() => zones.setRiderGroups(id, body.groups)));
    }),
  );
  return router;
}
