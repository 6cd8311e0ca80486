import { Router } from 'express';
import type { PlannedShiftService } from '../rules/PlannedShiftService';
import { requireVehicle } from './ownership';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { plannedShiftSchema } from './ruleSchemas';
import { idParamSchema } from './schemas';
import { coded } from './zoneRoutes';

/** Shifts planned ahead: an operator enters them; a driver sees their own vehicle's. */
export function plannedShiftRoutes(shifts: PlannedShiftService): Router {
  const router = Router();
  router.post(
    '/vehicles/:id/shifts',
    route(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      requireVehicle(grantOf(res), id);
      const body = parse(plannedShiftSchema, req.body, 'body');
      res.status(201).json(await coded(() => shifts.plan(id, body)));
    }),
  );
  router.get(
    '/vehicles/:id/shifts',
    route(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      requireVehicle(grantOf(res), id);
      res.json({ shifts: await coded(() => shifts.list(id)) });
    }),
  );
  return router;
}
