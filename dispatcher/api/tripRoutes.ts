import { Router } from 'express';
import type { DispatchService } from './DispatchService';
import { requestingRider, requireRider, visibleTrip } from './ownership';
import { actorOf } from './operatorRoutes';
import { grantOf } from './requestAuth';
import { parse, route } from './routeHelpers';
import { tripRatingSchema } from './ratingSchemas';
import { cancelSchema, idempotencyKeySchema, idParamSchema, tripRequestBodySchema } from './schemas';

/**
 * A rider's trips: request, read, accept, decline, cancel. The access guard has checked the role; here the
 * trip must be the rider's own (another rider's trip is NotFound, as if it did not exist).
 */
export function tripRoutes(service: DispatchService): Router {
  const router = Router();

  /** The trip as the caller may see it; NotFound for a trip that is not theirs. */
  const tripFor = async (grant: ReturnType<typeof grantOf>, id: string) => visibleTrip(grant, await service.getTrip(id), id);

  router.post(
    '/trips',
    route(async (req, res) => {
      const grant = grantOf(res);
      const body = parse(tripRequestBodySchema, req.body, 'body');
      const rawKey = req.header('Idempotency-Key');
      const key = rawKey === undefined ? undefined : parse(idempotencyKeySchema, rawKey, 'Idempotency-Key');
      const { trip, created } = await service.requestTrip({ ...body, riderId: requestingRider(grant, body.riderId) }, key);
      res.status(created ? 201 : 200).json(trip);
    }),
  );
  router.get(
    '/riders/:id/trips',
    route(async (req, res) => {
      const riderId = parse(idParamSchema, req.params.id, 'id');
      requireRider(grantOf(res), riderId);
      res.json(await service.listRiderTrips(riderId));
    }),
  );
  router.get(
    '/trips/:id',
    route(async (req, res) => {
      res.json(await tripFor(grantOf(res), parse(idParamSchema, req.params.id, 'id')));
    }),
  );
  router.post(
    '/trips/:id/accept',
    route(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      const grant = grantOf(res);
      await tripFor(grant, id);
      // The rider, or an operator accepting on the rider's behalf (a phone booking): recorded with the trip.
      res.json(await service.acceptOffer(id, actorOf(grant.principal)));
    }),
  );
  router.post(
    '/trips/:id/decline',
    route(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      await tripFor(grantOf(res), id);
      res.json(await service.declineOffer(id));
    }),
  );
  router.post(
    '/trips/:id/cancel',
    route(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      const body = parse(cancelSchema, req.body ?? {}, 'body');
      const grant = grantOf(res);
      await tripFor(grant, id);
      // An operator's cancellation is logged (operator_action) with who and why.
      res.json(await service.cancelTrip(id, body.reason, grant.principal.role === 'operator' ? actorOf(grant.principal) : undefined));
    }),
  );
  router.post(
    '/trips/:id/rating',
    route(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      const body = parse(tripRatingSchema, req.body ?? {}, 'body');
      const grant = grantOf(res);
      const trip = await tripFor(grant, id);
      // The access table lets riders only; the trip is theirs (tripFor), so its rider is the token's.
      res.json(await service.rateTrip(id, 'riderId' in trip ? trip.riderId : grant.principal.subject, body));
    }),
  );
  return router;
}
