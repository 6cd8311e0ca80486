import { Router } from 'express';
import type { RecurringTrips } from '../rules/RecurringTrips';
import { requestingRider } from './ownership';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { occurrenceDateSchema, recurringListQuerySchema, recurringTripSchema } from './ruleSchemas';
import { idParamSchema } from './schemas';
import { coded } from './zoneRoutes';

/**
 * Recurring trips: a rider's own (riderId from the token), or any rider's for an operator (phone bookings). Another
 * rider's subscription is a 404, as another rider's trip is.
 */
export function recurringTripRoutes(recurring: RecurringTrips): Router {
  const router = Router();
  router.get(
    '/recurring-trips',
    route(async (req, res) => {
      const grant = grantOf(res);
      const q = parse(recurringListQuerySchema, req.query, 'query');
      const riderId = grant.access === 'own' ? requestingRider(grant, q.riderId) : (q.riderId ?? null);
      res.json({ recurringTrips: await coded(() => recurring.list(riderId)) });
    }),
  );
  router.post(
    '/recurring-trips',
    route(async (req, res) => {
      const grant = grantOf(res);
      const body = parse(recurringTripSchema, req.body, 'body');
      const riderId = requestingRider(grant, body.riderId);
      res.status(201).json(await coded(() => recurring.create(riderId, body)));
    }),
  );
  router.delete(
    '/recurring-trips/:id/occurrences/:date',
    route(async (req, res) => {
      const grant = grantOf(res);
      const id = parse(idParamSchema, req.params.id, 'id');
      const date = parse(occurrenceDateSchema, req.params.date, 'date');
      const onlyRider = grant.access === 'own' ? (grant.principal.role === 'rider' ? grant.principal.subject : '') : null;
      res.json(await coded(() => recurring.cancelOccurrence(id, date, onlyRider)));
    }),
  );
  return router;
}
