import { isRoutingError } from '../../routing/errors';
import type { LngLat, Router } from '../../routing/Router';
import type { RejectionReason } from '../../protocol/trips';
import type { Clock } from '../clock/Clock';
import type { FleetState } from '../fleet/FleetState';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { planRequest } from '../requests/planRequest';
import { STOP_TO_STOP } from '../fleet/stopApproaches';
import { curbPoint } from '../requests/curbPoint';

export interface QuoteRequest {
  origin: LngLat;
  destination: LngLat;
  passengers: number;
  wheelchairs: number;
  /** Epoch seconds; omitted = now. */
  pickupAtS?: number;
}

/** The offer the dispatcher would make now: the promise (pickup window, latest arrival) and the planned pickup. */
export type Quote =
  | { ok: true; atS: number; pickupEarliestS: number; pickupLatestS: number; arriveByS: number; plannedPickupS: number; plannedDropoffS: number; directS: number; directM: number; pickupPoint: LngLat }
  | { ok: false; atS: number; reason: RejectionReason };

export interface OfferQuoteDeps {
  router: Router;
  fleet: FleetState;
  policy: DispatchPolicy;
  clock: Clock;
  /** The service area check the dispatcher makes (PostGIS ST_Covers). */
  covers(point: LngLat): Promise<boolean>;
}

/**
 * What the dispatcher would offer for a request, decided on the same pipeline as POST /trips (service area, curb
 * snapping, the direct drive, planRequest on the live fleet) but stored nowhere and holding no seat: GOFS wait_time
 * and realtime_booking and TOMP inquiries ask it. A request made right after gets the same promise, unless the fleet
 * changed in between.
 */
export class OfferQuote {
  constructor(private readonly deps: OfferQuoteDeps) {}

  async quote(request: QuoteRequest): Promise<Quote> {
    const { router, fleet, policy, clock } = this.deps;
    const now = clock.nowS();
    const atS = now;
    if (!(await this.deps.covers(request.origin)) || !(await this.deps.covers(request.destination))) return { ok: false, atS, reason: 'OutsideServiceArea' };
    try {
      const [p, d] = await Promise.all([router.nearest(request.origin), router.nearest(request.destination)]);
      // As a booking places them: on the rider's side of the street, reached at the curb.
      const [pickup, dropoff] = [curbPoint(p.location, request.origin), curbPoint(d.location, request.destination)];
      const direct = await router.table([pickup], [dropoff], STOP_TO_STOP);
      const directS = direct.durationsS[0]![0];
      if (directS === null || directS === undefined) return { ok: false, atS, reason: 'NoRoute' };
      const draft = {
        tripId: 'quote',
        pickup,
        dropoff,
        passengers: request.passengers,
        wheelchairs: request.wheelchairs,
        requestedPickupS: Math.max(request.pickupAtS ?? now, now),
        directS,
        directM: direct.distancesM[0]![0] ?? 0,
      };
      const decision = await planRequest(router, fleet, draft, now, policy);
      if (!decision.ok) return { ok: false, atS, reason: decision.reason };
      return {
        ok: true,
        atS,
        pickupEarliestS: decision.promise.pickupEarliestS,
        pickupLatestS: decision.promise.pickupLatestS,
        arriveByS: decision.promise.arriveByS,
        plannedPickupS: decision.pickupEtaS,
        plannedDropoffS: decision.arrivalEtaS,
        directS,
        directM: draft.directM,
        pickupPoint: pickup,
      };
    } catch (e) {
      if (isRoutingError(e)) return { ok: false, atS, reason: e.code === 'RoutingUnavailable' ? 'RoutingUnavailable' : 'NoRoute' };
      throw e;
    }
  }
}
