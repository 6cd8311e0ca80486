import { type Response, Router } from 'express';
import type { TripView } from '../../../protocol/trips';
import { ApiError } from '../../errors/ApiError';
import { grantOf } from '../../api/requestAuth';
import { parse, route } from '../../api/routeHelpers';
import { idParamSchema } from '../../api/schemas';
import { baseUrlOf } from '../gtfsFlex/flexRoutes';
import { describeService, type StandardsSources } from '../StandardsSources';
import { tompBooking, tompBookingOfTrip, tompPlace, tompTime } from './tompMapping';
import { bookingIntentSchema, bookingOperationSchema, bookingRequestSchema, locationOnlySchema, type PlanningRequest, planningRequestSchema } from './tompSchemas';

/** How long an inquiry's options are said to stay likely (nothing is held for them). */
export const INQUIRY_VALID_S = 60;
/** TOMP-API version answered in the Api-Version header. */
export const TOMP_API_VERSION = '1.5.0';

/**
 * The MaaS provider a request speaks for: the token's subject. A `maas-id` header (TOMP's own) must name the same
 * provider. Its riders are `maas:<provider>[:<traveler reference>]`, so its bookings are its riders' trips.
 */
function providerOf(res: Response, header: string | undefined): string {
  const { principal } = grantOf(res);
  if (header !== undefined && header !== principal.subject) throw new ApiError('Forbidden', `maas-id "${header}" is not this token's provider (${principal.subject})`);
  return principal.subject;
}
const riderPrefix = (provider: string) => `maas:${provider}`;
const ownsTrip = (provider: string, trip: TripView | null): trip is TripView => !!trip && (trip.riderId === riderPrefix(provider) || trip.riderId.startsWith(`${riderPrefix(provider)}:`));

/**
 * TOMP-API 1.5 as a transport operator, the booking subset: operator/information, plannings (and planning/inquiries,
 * planning/offers), bookings, bookings/{id}/events (COMMIT, CANCEL) and legs/{id}/progress. A booking is an Anystop
 * trip: an offer when planned with booking-intent, PENDING when booked, CONFIRMED at COMMIT (the rider's acceptance).
 */
export function tompRoutes(sources: StandardsSources): Router {
  const router = Router();
  const { service, clock } = sources;
  router.use('/tomp', (_req, res, next) => {
    res.set('Api-Version', TOMP_API_VERSION);
    res.set('Content-Language', 'en');
    next();
  });

  /** Another provider's booking reads as one that does not exist. */
  const ownTrip = async (res: Response, header: string | undefined, rawId: unknown): Promise<TripView> => {
    const id = parse(idParamSchema, rawId, 'id');
    const provider = providerOf(res, header);
    const trip = await service.getTrip(id);
    if (!ownsTrip(provider, trip)) throw new ApiError('NotFound', `No booking ${id}`);
    return trip;
  };

  router.get(
    '/tomp/operator/information',
    route(async (req, res) => {
      grantOf(res);
      const { service: s } = await describeService(sources, baseUrlOf(req));
      res.json({
        systemId: `anystop-${s.agency.id}`,
        language: ['en', 'ko'],
        name: s.agency.name,
        operator: s.agency.name,
        url: s.agency.url,
        timezone: s.agency.timezone,
        typeOfSystem: 'FREE_FLOATING',
        productType: 'SHARING',
        ...(s.agency.phone ? { phoneNumber: s.agency.phone } : {}),
        assetClasses: ['BUS'],
      });
    }),
  );

  const plan = (intent: 'inquiry' | 'offer' | 'query') =>
    route(async (req, res) => {
      const provider = providerOf(res, req.header('maas-id'));
      const withIntent = intent === 'offer' || (intent === 'query' && parse(bookingIntentSchema, req.query['booking-intent'], 'query.booking-intent') === 'true');
      const body: PlanningRequest = parse(planningRequestSchema, req.body, 'body');
      const origin: [number, number] = [body.from.coordinates.lng, body.from.coordinates.lat];
      const destination: [number, number] = [body.to.coordinates.lng, body.to.coordinates.lat];
      const pickupAtS = body.departureTime === undefined ? undefined : Math.round(Date.parse(body.departureTime) / 1000);
      const now = clock.nowS();
      if (!withIntent) {
        const q = await sources.quote({ origin, destination, passengers: body.nrOfTravelers, wheelchairs: 0, pickupAtS });
        const options = q.ok ? [tompBooking({ id: null, state: 'NEW', legState: 'NOT_STARTED', from: q.pickupPoint, to: destination, times: { pickupEarliestS: q.pickupEarliestS, pickupLatestS: q.pickupLatestS, arriveByS: q.arriveByS, nowS: now }, directS: q.directS })] : [];
        res.status(201).json({ validUntil: tompTime(now + INQUIRY_VALID_S), options });
        return;
      }
      const reference = body.travelers?.[0]?.referenceNumber;
      const riderId = reference ? `${riderPrefix(provider)}:${reference}` : riderPrefix(provider);
      if (riderId.length > 64) throw new ApiError('ValidationFailed', 'body.travelers.0.referenceNumber: the provider id and traveler reference together exceed 64 characters');
      const { trip } = await service.requestTrip({ riderId, origin, destination, passengers: body.nrOfTravelers, wheelchairs: 0, pickupAt: pickupAtS, autoAccept: false }, undefined);
      if (trip.state !== 'offered') {
        res.status(201).json({ validUntil: tompTime(now), options: [], extraInfo: { rejectReason: trip.rejectReason } });
        return;
      }
      res.status(201).json({ validUntil: tompTime(trip.offerExpiresAt ?? now), options: [{ ...tompBookingOfTrip(trip, now), state: 'NEW' }] });
    });
  router.post('/tomp/plannings', plan('query'));
  router.post('/tomp/planning/inquiries', plan('inquiry'));
  router.post('/tomp/planning/offers', plan('offer'));

  router.post(
    '/tomp/bookings',
    route(async (req, res) => {
      const body = parse(bookingRequestSchema, req.body, 'body');
      const trip = await ownTrip(res, req.header('maas-id'), body.id);
      const now = clock.nowS();
      if (trip.state !== 'offered' || (trip.offerExpiresAt !== null && now > trip.offerExpiresAt)) {
        throw new ApiError('OfferExpired', `Booking ${trip.id} is ${tompBookingOfTrip(trip, now).state}, not an open offer: plan the trip again`);
      }
      if (trip.offerExpiresAt !== null) res.set('Expires', new Date(trip.offerExpiresAt * 1000).toUTCString());
      res.status(201).json(tompBookingOfTrip(trip, now));
    }),
  );
  router.get(
    '/tomp/bookings/:id',
    route(async (req, res) => {
      res.json(tompBookingOfTrip(await ownTrip(res, req.header('maas-id'), req.params.id), clock.nowS()));
    }),
  );
  router.post(
    '/tomp/bookings/:id/events',
    route(async (req, res) => {
      const trip = await ownTrip(res, req.header('maas-id'), req.params.id);
      const { operation } = parse(bookingOperationSchema, req.body, 'body');
      let after: TripView;
      if (operation === 'COMMIT') after = await service.acceptOffer(trip.id);
      else if (operation === 'CANCEL') after = trip.state === 'offered' ? await service.declineOffer(trip.id) : await service.cancelTrip(trip.id, 'cancelled by the MaaS provider');
      else throw new ApiError('ValidationFailed', `body.operation: ${operation} is not supported (Anystop commits at once; an offer lives ${trip.offerExpiresAt === null ? 'briefly' : 'until its Expires time'})`);
      res.json(tompBookingOfTrip(after, clock.nowS()));
    }),
  );
  router.get(
    '/tomp/legs/:id/progress',
    route(async (req, res) => {
      const trip = await ownTrip(res, req.header('maas-id'), req.params.id);
      const locationOnly = parse(locationOnlySchema, req.query['location-only'], 'query.location-only') === 'true';
      const vehicle = trip.vehicleId ? sources.live().vehicles.find((v) => v.id === trip.vehicleId) : undefined;
      const where = vehicle?.position ?? trip.pickupPoint ?? trip.origin;
      const now = clock.nowS();
      const until = trip.state === 'on_board' ? trip.arrivalEta : trip.pickupEta;
      res.json({
        coordinates: tompPlace(where).coordinates,
        ...(!locationOnly && until !== null ? { duration: Math.max(0, Math.round((until - now) * 1000)) } : {}),
      });
    }),
  );
  return router;
}

