import { Router } from 'express';
import { OPERATOR_LIMITS } from '../../protocol/operator';
import type { Principal } from '../auth/Principal';
import type { DispatchService } from './DispatchService';
import { assignSchema, breakSchema, eventsQuerySchema } from './operatorSchemas';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { idParamSchema } from './schemas';

/** Who did it, as the log records it: `operator:<subject>`. */
export const actorOf = (p: Principal): string => `${p.role}:${p.subject}`;

/**
 * The operator's hands on the live plan (issue 14): move a trip to a chosen vehicle (dryRun first to see what it
 * would break), pin and unpin, drivers' breaks, and the audit trail. The access table admits operators only.
 */
export function operatorRoutes(service: DispatchService): Router {
  const router = Router();

  router.post(
    '/trips/:id/assign',
    route(async (req, res) => {
      const by = actorOf(grantOf(res).principal);
      const id = parse(idParamSchema, req.params.id, 'id');
      res.json(await service.assignTrip(id, parse(assignSchema, req.body ?? {}, 'body'), by));
    }),
  );
  router.post(
    '/trips/:id/pin',
    route(async (req, res) => {
      const by = actorOf(grantOf(res).principal);
      res.json(await service.setPin(parse(idParamSchema, req.params.id, 'id'), true, by));
    }),
  );
  router.delete(
    '/trips/:id/pin',
    route(async (req, res) => {
      const by = actorOf(grantOf(res).principal);
      res.json(await service.setPin(parse(idParamSchema, req.params.id, 'id'), false, by));
    }),
  );
  router.post(
    '/vehicles/:id/breaks',
    route(async (req, res) => {
      const by = actorOf(grantOf(res).principal);
      const id = parse(idParamSchema, req.params.id, 'id');
      const body = parse(breakSchema, req.body ?? {}, 'body');
      res.status(201).json(await service.addBreak(id, { startsAtS: body.startsAt, endsAtS: body.endsAt }, by));
    }),
  );
  router.get(
    '/events',
    route(async (req, res) => {
      grantOf(res);
      const q = parse(eventsQuerySchema, req.query, 'query');
      res.json(await service.listEvents({ fromS: q.from, toS: q.to, afterSeq: q.after ?? 0, limit: q.limit ?? OPERATOR_LIMITS.eventsPage }));
    }),
  );
  return router;
}
