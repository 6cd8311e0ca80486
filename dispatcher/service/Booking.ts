import { distanceM } from '../../routing/geo';
import { isRoutingError } from '../../routing/errors';
import { FINAL_TRIP_STATES, MAX_PREBOOK_S, PAST_PICKUP_GRACE_S, RIDER_HISTORY_LIMIT, type RejectionReason, type RiderTripsResponse, type TripRequest, type TripView } from '../../protocol/trips';
import { ApiError } from '../errors/ApiError';
import { CodedError } from '../errors/CodedError';
import type { FleetVehicle } from '../fleet/FleetModel';
import { EventType } from '../persistence/appendEvents';
import { ScheduleConflict } from '../persistence/PersistenceError';
import type { NewTrip, TripRecord } from '../persistence/records';
import type { Decision } from '../requests/decideRequest';
import { planRequest } from '../requests/planRequest';
import type { MeetingPointPlanning } from '../requests/planMeetingPoints';
import { planOnPlannedShifts, type ShiftDecision } from '../requests/planOnPlannedShifts';
import type { RequestDraft } from '../requests/decideRequest';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import { judgeServiceRules, withZoneLimits } from '../rules/judgeServiceRules';
import { tripView } from '../views/tripView';
import { judgeTripEnds } from '../requests/judgeTripEnds';
import type { DispatchContext } from './DispatchContext';
import { fleetTrip } from './rebuildFleet';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import { newTripOf, sameRequest, tripDraft } from './tripDraft';
import { walkPath } from '../meetingPoints/walkPath';
import { curbPoint } from '../requests/curbPoint';

/** Origin and destination closer than this are the same place. */
export const SAME_PLACE_M = 25;
/** Attempts to commit an accepted trip when another writer changed the vehicle meanwhile. */
export const ACCEPT_ATTEMPTS = 3;
/** States only an accepted trip reaches. */
/** Trips of one rider read for their list (the upcoming ones and the history come from these). */
const RIDER_LIST_LIMIT = 100;
const ACCEPTED_ONCE: ReadonlySet<TripView['state']> = new Set(['accepted', 'assigned', 'arriving', 'on_board', 'completed', 'no_show']);

type Accepted = Extract<Decision, { ok: true }>;
/** A decision on the live fleet, or on a shift planned ahead (a pre-booking). */
type Planned = Accepted | ShiftDecision;
const onShift = (d: Planned): d is ShiftDecision => 'shiftId' in d;
type TripPromise = NonNullable<TripRecord['promise']>;

/**
 * Booking: a request decided on the pure core and stored as an offer (or a named rejection), its acceptance
 * committed with the vehicle's new stops in one transaction, a decline, a cancellation.
 */
export class Booking {
  constructor(private readonly ctx: DispatchContext) {}

  async requestTrip(request: TripRequest, idempotencyKey: string | undefined): Promise<{ trip: TripView; created: boolean }> {
    const { repos, clock, fleet, gate } = this.ctx;
    const now = clock.nowS();
    if (idempotencyKey) {
      const existing = await repos.trips.getByIdempotencyKey(request.riderId, idempotencyKey);
      if (existing) {
        if (!sameRequest(existing, request)) {
          throw new ApiError('IdempotencyKeyReused', 'This Idempotency-Key was used for a different trip; use a new key for a new trip');
        }
        // The retry of an auto-accepted request whose acceptance failed (the database went away) finishes it.
        if (request.autoAccept && existing.state === 'offered') return { trip: await gate.locked(() => this.acceptLocked(existing.id)), created: false };
        return { trip: tripView(existing, fleet, this.ctx.policy), created: false };
      }
    }
    const pickupAt = request.pickupAt ?? now;
    if (pickupAt < now - PAST_PICKUP_GRACE_S) throw new ApiError('InvalidPickupTime', 'The pickup time is in the past');
    if (pickupAt > now + MAX_PREBOOK_S) throw new ApiError('InvalidPickupTime', `Trips can be booked at most ${MAX_PREBOOK_S / 86400} days ahead`);
    if (distanceM(request.origin, request.destination) < SAME_PLACE_M) {
      throw new ApiError('SameOriginAndDestination', 'The destination is where the trip starts; choose another destination');
    }
    const newTrip: NewTrip = {
      id: this.ctx.newId(),
      riderId: request.riderId,
      riderName: request.riderName ?? null,
      idempotencyKey: idempotencyKey ?? null,
      origin: request.origin,
      destination: request.destination,
      passengers: request.passengers,
      wheelchairs: request.wheelchairs,
      requestedPickupAtS: Math.max(pickupAt, now),
    };
    // Auto-accepted requests are decided and committed in one turn of the lock: no one can take the seat in between.
    return request.autoAccept ? gate.locked(() => this.offerAndCommit(newTrip, now, true)) : this.offerAndCommit(newTrip, now, false);
  }

  /** `by`: who accepts; an operator accepting for the rider also appends an operator_action. */
  async acceptOffer(tripId: string, by?: string): Promise<TripView> {
    return this.ctx.gate.locked(() => this.acceptLocked(tripId, by));
  }

  async declineOffer(tripId: string): Promise<TripView> {
    const trip = await this.mustGetTrip(tripId);
    if (trip.state !== 'offered') throw new ApiError('OfferExpired', `Trip ${tripId} is ${trip.state}, not an open offer`);
    return tripView((await this.ctx.repos.trips.cancel(tripId, 'OfferDeclined', this.ctx.clock.nowS())).trip, this.ctx.fleet, this.ctx.policy);
  }

  /** The rider's booked trips still to come (soonest first; offers and rejections left out) and the past ones (latest first). */
  async listRiderTrips(riderId: string): Promise<RiderTripsResponse> {
    const records = await this.ctx.repos.trips.listForRider(riderId, RIDER_LIST_LIMIT);
    const views = records.map((t) => tripView(t, this.ctx.fleet, this.ctx.policy));
    const upcoming = views.filter((t) => !FINAL_TRIP_STATES.has(t.state) && t.state !== 'offered' && t.state !== 'requested').reverse();
    const history = views.filter((t) => FINAL_TRIP_STATES.has(t.state) && t.state !== 'rejected' && !(t.state === 'cancelled' && t.cancelCode === 'OfferDeclined')).slice(0, RIDER_HISTORY_LIMIT);
    return { upcoming, history };
  }

  async getTrip(tripId: string): Promise<TripView | null> {
    const trip = await this.ctx.repos.trips.get(tripId);
    return trip ? tripView(trip, this.ctx.fleet, this.ctx.policy) : null;
  }

  async cancelTrip(tripId: string, reason: string, by?: string): Promise<TripView> {
    const { repos, fleet, gate, router, clock } = this.ctx;
    return gate.locked(async () => {
      const trip = await this.mustGetTrip(tripId);
      if (FINAL_TRIP_STATES.has(trip.state) || trip.state === 'on_board') {
        throw new ApiError('TripNotCancellable', `Trip ${tripId} is ${trip.state.replace('_', ' ')} and can no longer be cancelled`);
      }
      return gate.unsure(trip.vehicleId ? [trip.vehicleId] : [], async () => {
        const logged = by?.startsWith('operator:') ? [{ type: EventType.OperatorAction, tripId, vehicleId: trip.vehicleId, payload: { action: 'cancel', by, reason } }] : [];
        const result = await repos.trips.cancel(tripId, reason, clock.nowS(), logged);
        const vehicle = trip.vehicleId ? fleet.vehicles.get(trip.vehicleId) : undefined;
        if (vehicle) {
          vehicle.stops = vehicle.stops.filter((s) => s.tripId !== tripId);
          vehicle.lockedCount = Math.min(vehicle.lockedCount, vehicle.stops.length);
          if (result.scheduleVersion !== null) vehicle.scheduleVersion = result.scheduleVersion;
          await refreshLegsIfRoutable(router, vehicle);
          fleet.putVehicle(vehicle);
        }
        fleet.trips.delete(tripId);
        return tripView(result.trip, fleet, this.ctx.policy);
      });
    });
  }

  /** Decides a new request, stores the offer (or the rejection), and with `accept` commits it at once. */
  private async offerAndCommit(newTrip: NewTrip, now: number, accept: boolean): Promise<{ trip: TripView; created: boolean }> {
    const { repos, fleet } = this.ctx;
    const outcome = await this.decideNew(newTrip, now);
    if (!outcome.ok) {
      const rejected = await repos.trips.createRejected(newTrip, outcome.reason, now);
      return { trip: tripView(rejected.trip, fleet, this.ctx.policy), created: rejected.created };
    }
    const promise = { pickupEarliestS: outcome.promise.pickupEarliestS, pickupLatestS: outcome.promise.pickupLatestS, latestArrivalS: outcome.promise.arriveByS };
    if (accept && !onShift(outcome)) {
      try {
        return await this.offerAndAccept(outcome, promise, now);
      } catch (e) {
        if (!(e instanceof ScheduleConflict)) throw e;
        // Another dispatcher instance changed that vehicle (nothing was written): reload it, store the offer, and
        // plan it again as an accepted offer is.
        await this.ctx.reloadVehicles([outcome.vehicleId]);
        const offered = await this.storeOffer(outcome, promise, now);
        if (!offered.created) return { trip: tripView(offered.trip, fleet, this.ctx.policy), created: false };
        return { trip: await this.acceptLocked(newTrip.id), created: true };
      }
    }
    const created = await this.storeOffer(outcome, promise, now);
    if (!created.created) return { trip: tripView(created.trip, fleet, this.ctx.policy), created: false };
    if (!accept) return { trip: tripView(created.trip, fleet, this.ctx.policy), created: true };
    try {
      return { trip: await this.commit(created.trip, outcome, promise, now, outcome.direct.s), created: true };
    } catch (e) {
      if (!(e instanceof ScheduleConflict)) throw e;
      // Another dispatcher instance changed that vehicle: reload it and plan the offer again.
      await this.ctx.reloadVehicles([outcome.vehicleId]);
      return { trip: await this.acceptLocked(newTrip.id), created: true };
    }
  }

  /** The decided trip stored as an open offer (trip_offered appended). */
  private storeOffer(outcome: { trip: NewTrip; direct: { s: number; m: number } }, promise: TripPromise, now: number) {
    return this.ctx.repos.trips.create(outcome.trip, {
      atS: now,
      offer: {
        promise,
        offerExpiresAtS: now + this.ctx.policy.offerTtlS,
        originSnapped: outcome.trip.originSnapped,
        destinationSnapped: outcome.trip.destinationSnapped,
        walkToPickupM: outcome.trip.walkToPickupM,
        direct: outcome.direct,
      },
    });
  }

  /**
   * An auto-accepted request: offer and acceptance in one transaction (ScheduleRepository.offerAndAccept), then the
   * in-memory fleet, as commitAcceptance does for an offer accepted later.
   */
  private async offerAndAccept(outcome: { trip: NewTrip; direct: { s: number; m: number } } & Accepted, promise: TripPromise, now: number): Promise<{ trip: TripView; created: boolean }> {
    const vehicle = this.ctx.fleet.vehicles.get(outcome.vehicleId)!;
    return this.ctx.gate.unsure([vehicle.id], async () => {
      const result = await this.ctx.repos.schedules.offerAndAccept({
        trip: outcome.trip,
        promise,
        vehicleId: vehicle.id,
        expectedScheduleVersion: outcome.scheduleVersion,
        stops: outcome.stops.map(({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS }) => ({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS })),
        atS: now,
        direct: outcome.direct,
      });
      if (!result.created) return { trip: tripView(result.trip, this.ctx.fleet, this.ctx.policy), created: false };
      await this.applyDecision(vehicle, outcome, result.scheduleVersion, result.trip, outcome.direct.s);
      return { trip: tripView(result.trip, this.ctx.fleet, this.ctx.policy), created: true };
    });
  }

  /** Commits a decision: on the live fleet, or on the planned shift it was made on. */
  private async commit(trip: TripRecord, decision: Planned, promise: TripPromise, now: number, directS: number, by?: string): Promise<TripView> {
    if (!onShift(decision)) return this.commitAcceptance(trip, this.ctx.fleet.vehicles.get(decision.vehicleId)!, decision, promise, now, directS, by);
    // The shift has not started: the live fleet does not change (its stops join the vehicle when the shift starts).
    const accepted = await this.ctx.gate.unsure([], () =>
      this.ctx.repos.plannedShifts.acceptOnShift({
        trip: newTripOf(trip),
        promise,
        shiftId: decision.shiftId,
        vehicleId: decision.vehicleId,
        expectedStops: decision.expectedStops,
        stops: decision.stops.map(({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS }) => ({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS })),
        atS: now,
        ...(by !== undefined ? { acceptedBy: by } : {}),
      }),
    );
    return tripView(accepted, this.ctx.fleet, this.ctx.policy);
  }

  /**
   * One transaction: the trip accepted with its promise, the vehicle's new stops; then the in-memory fleet. A commit
   * whose answer is lost is reported as a failure (never as accepted), and the vehicle is read back from the database.
   */
  private async commitAcceptance(trip: TripRecord, vehicle: FleetVehicle, decision: Accepted, promise: TripPromise, now: number, directS: number, by?: string): Promise<TripView> {
    return this.ctx.gate.unsure([vehicle.id], async () => {
      const result = await this.ctx.repos.schedules.acceptTrip({
        trip: newTripOf(trip),
        promise,
        vehicleId: vehicle.id,
        expectedScheduleVersion: decision.scheduleVersion,
        stops: decision.stops.map(({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS }) => ({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS })),
        atS: now,
        ...(by !== undefined ? { acceptedBy: by } : {}),
        events: by?.startsWith('operator:') ? [{ type: EventType.OperatorAction, tripId: trip.id, vehicleId: vehicle.id, payload: { action: 'accept', by, riderId: trip.riderId } }] : [],
      });
      await this.applyDecision(vehicle, decision, result.scheduleVersion, result.trip, directS);
      return tripView(result.trip, this.ctx.fleet, this.ctx.policy);
    });
  }

  /** Accepts an open offer, planning it again against the fleet as it is now; call it holding the lock. */
  private async acceptLocked(tripId: string, by?: string): Promise<TripView> {
    const { router, fleet, clock, policy } = this.ctx;
    const trip = await this.mustGetTrip(tripId);
    if (trip.state !== 'offered') {
      // Accepting again (a retry after a lost answer) shows the trip as it is now.
      if (ACCEPTED_ONCE.has(trip.state)) return tripView(trip, fleet, this.ctx.policy);
      throw new ApiError('OfferExpired', `Trip ${tripId} is ${trip.state}, not an open offer`);
    }
    const now = clock.nowS();
    if (trip.offerExpiresAtS !== null && now > trip.offerExpiresAtS) throw new ApiError('OfferExpired', 'The offer expired; request the trip again');
    const promise = trip.promise!;
    const draft = await this.plan(
      () => tripDraft(router, trip, { pickupEarliestS: promise.pickupEarliestS, pickupLatestS: promise.pickupLatestS, arriveByS: promise.latestArrivalS }),
      true,
    );
    if (!draft) throw new ApiError('OfferNoLongerAvailable', 'No road connects the pickup and the destination any more');
    for (let attempt = 1; ; attempt++) {
      const decision = await this.planBest(draft, now, policy, true);
      if (!decision.ok) throw new ApiError('OfferNoLongerAvailable', `The offered trip no longer fits any vehicle (${decision.reason}); request it again`);
      try {
        return await this.commit(trip, decision, promise, now, draft.directS, by);
      } catch (e) {
        if (!(e instanceof ScheduleConflict) || attempt >= ACCEPT_ATTEMPTS) throw e;
        await this.ctx.reloadVehicles([decision.vehicleId]);
      }
    }
  }

  /** Service area, snapping and the decision for a new request; a rejection carries its named reason. */
  private async decideNew(trip: NewTrip, now: number): Promise<({ trip: NewTrip; direct: { s: number; m: number } } & Planned) | { ok: false; reason: RejectionReason }> {
    const { repos, router } = this.ctx;
    if (!(await repos.serviceAreas.coversAll([trip.origin, trip.destination]))) {
      return { ok: false, reason: 'OutsideServiceArea' };
    }
    // The zones' rules (hours, pairs, eligibility, booking horizon) before any planning; their limits tighten the promise.
    let policy = this.ctx.policy;
    let walkLimitM: number | undefined;
    const rules = await this.ctx.rules.current();
    if (rules.zones.length > 0) {
      const riderGroups = rules.zones.some((z) => z.eligibleGroups.length > 0) ? await repos.riderGroups.groupsOf(trip.riderId) : [];
      const verdict = judgeServiceRules(rules, { origin: trip.origin, destination: trip.destination, pickupAtS: trip.requestedPickupAtS, nowS: now, riderGroups });
      if (!verdict.ok) return { ok: false, reason: verdict.reason };
      policy = withZoneLimits(policy, verdict.limits);
      walkLimitM = verdict.from?.maxWalkM;
    }
    try {
      const [p, d] = await Promise.all([router.nearest(trip.origin), router.nearest(trip.destination)]);
      // The stops on the rider's side of the street (routed with curb approaches), not on the centre line.
      const snapped: NewTrip = { ...trip, originSnapped: curbPoint(p.location, trip.origin), destinationSnapped: curbPoint(d.location, trip.destination), walkToPickupM: p.distanceM };
      const ends = judgeTripEnds({ origin: trip.origin, destination: trip.destination, pickup: p.location, dropoff: d.location }, policy);
      if (ends !== null) return { ok: false, reason: ends };
      const draft = await tripDraft(router, snapped);
      if (draft === null) return { ok: false, reason: 'NoRoute' };
      // Meeting points a walk away, within the walking limit of the pickup's zone (maxWalkM, default 250 m).
      const meetingPoints = this.ctx.meetingPoints ? { points: this.ctx.meetingPoints, ...(walkLimitM !== undefined ? { walkLimitM } : {}) } : undefined;
      const decision = await this.planBest(draft, now, policy, false, meetingPoints);
      if (!decision.ok) return decision;
      const atMeetingPoints = decision.walks ? await this.withWalks(snapped, decision.walks) : snapped;
      return { ...decision, trip: atMeetingPoints, direct: { s: draft.directS, m: draft.directM } };
    } catch (e) {
      if (isRoutingError(e)) return { ok: false, reason: e.code === 'RoutingUnavailable' ? 'RoutingUnavailable' : 'NoRoute' };
      throw e;
    }
  }

  /**
   * The live fleet first; failing that, the shifts planned ahead that cover the pickup (a pre-booking for a day no
   * vehicle is on duty yet). A pre-booking no shift covers, live or planned, is outside the service's hours.
   */
  private async planBest(draft: RequestDraft, now: number, policy: DispatchPolicy, accepting: boolean, meetingPoints?: MeetingPointPlanning): Promise<Planned | Extract<Decision, { ok: false }>> {
    const { fleet, repos } = this.ctx;
    // A pre-booking's legs are driven around its pickup time: it is planned at that hour's learnt speed.
    const router = draft.requestedPickupS - now > policy.maxWaitS ? this.ctx.routerAt(draft.requestedPickupS) : this.ctx.router;
    const live = await this.plan(() => planRequest(router, fleet, draft, now, policy, undefined, meetingPoints), accepting);
    if (live.ok) return live;
    const shifts = await repos.plannedShifts.covering(draft.requestedPickupS, draft.requestedPickupS + policy.maxWaitS);
    const planned = shifts.length === 0 ? null : await this.plan(() => planOnPlannedShifts(router, shifts, draft, now, policy), accepting);
    if (planned) return planned;
    const prebooking = draft.requestedPickupS - now > policy.maxWaitS;
    if (prebooking && ![...fleet.vehicles.values()].some((v) => v.shiftEndS >= draft.requestedPickupS)) return { ok: false, reason: 'OutsideServiceHours' };
    return live;
  }

  /** The trip met at meeting points: the vehicle stops there, and the rider is shown the walks (paths and minutes). */
  private async withWalks(trip: NewTrip, walks: NonNullable<Accepted['walks']>): Promise<NewTrip> {
    const { router } = this.ctx;
    const toPickup = walks.toPickup ? await walkPath(router, trip.origin, walks.toPickup.location, walks.toPickup) : null;
    const fromDropoff = walks.fromDropoff ? await walkPath(router, walks.fromDropoff.location, trip.destination, walks.fromDropoff) : null;
    return {
      ...trip,
      originSnapped: walks.toPickup?.location ?? trip.originSnapped,
      destinationSnapped: walks.fromDropoff?.location ?? trip.destinationSnapped,
      walkToPickupM: toPickup ? toPickup.distanceM : trip.walkToPickupM,
      walks: { toPickup, fromDropoff },
    };
  }

  /** After the commit: the in-memory vehicle takes the new schedule and version, the trip joins the fleet. */
  private async applyDecision(vehicle: FleetVehicle, decision: Accepted, version: number, trip: TripRecord, directS: number): Promise<void> {
    const { fleet, router, policy } = this.ctx;
    vehicle.stops = decision.stops;
    vehicle.returnLegS = decision.returnLegS;
    vehicle.returnLegM = decision.returnLegM;
    vehicle.scheduleVersion = version;
    fleet.putVehicle(vehicle);
    fleet.putTrip(await fleetTrip(trip, vehicle.id, router, policy, directS));
  }

  /**
   * Runs a planning step. A routing error while accepting (the road is gone, a point cannot be snapped any more) means
   * the offer cannot be kept: OfferNoLongerAvailable. An error the pure core throws (an inconsistent fleet, a bug) is
   * a coded 503 PlanningFailed, with the cause kept, instead of a 500.
   */
  private async plan<T>(step: () => Promise<T>, accepting: boolean): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (isRoutingError(e)) {
        if (accepting && e.code !== 'RoutingUnavailable') throw new ApiError('OfferNoLongerAvailable', `The offered trip can no longer be planned (${e.code}); request it again`, { cause: e });
        throw e;
      }
      if (e instanceof CodedError) throw e;
      process.stderr.write(`planning failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      throw new ApiError('PlanningFailed', 'The dispatcher could not plan this request right now; nothing was changed. Try again shortly.', { cause: e, retryAfterS: 5 });
    }
  }

  private async mustGetTrip(tripId: string): Promise<TripRecord> {
    const trip = await this.ctx.repos.trips.get(tripId);
    if (!trip) throw new ApiError('NotFound', `No trip ${tripId}`);
    return trip;
  }
}
