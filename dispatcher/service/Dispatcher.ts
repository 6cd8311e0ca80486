import { randomUUID } from 'node:crypto';
import { distanceM } from '../../routing/geo';
import { isRoutingError } from '../../routing/errors';
import type { LngLat, Router } from '../../routing/Router';
import type { PlannerMetrics } from '../../protocol/metrics';
import { FINAL_TRIP_STATES, MAX_PREBOOK_S, type NearbyVehicle, PAST_PICKUP_GRACE_S, type PositionReport, type RejectionReason, type StopEvent, type TripRequest, type TripView } from '../../protocol/trips';
import { ApiError } from '../api/ApiError';
import type { DispatchService, ServiceAreaFeature, ServiceAreaView, ShiftStartInput, VehicleInput, VehicleView } from '../api/DispatchService';
import type { Clock } from '../clock/Clock';
import { FleetState } from '../fleet/FleetState';
import type { FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import { isPersistenceError, ScheduleConflict } from '../persistence/PersistenceError';
import type { NewTrip, TripRecord } from '../persistence/records';
import type { Repositories } from '../persistence/Repositories';
import type { MetricsRepository } from '../persistence/MetricsRepository';
import { DEFAULT_POLICY, type DispatchPolicy } from '../requests/DispatchPolicy';
import type { Decision, RequestDraft } from '../requests/decideRequest';
import { planRequest } from '../requests/planRequest';
import { AsyncMutex } from './AsyncMutex';
import { applyStopEvent } from './applyStopEvent';
import { refusedCleanly, toServiceError } from './errorMapping';
import { fleetTrip, rebuildFleet } from './rebuildFleet';
import { refreshLegsIfRoutable } from './scheduleLegs';
import { FleetResync } from './FleetResync';
import { Reoptimizer } from './Reoptimizer';
import { ChangeFeed } from './ChangeFeed';
import { PositionWriter } from './PositionWriter';
import { tripView } from './tripView';
import { noShowAllowedAt } from '../fleet/noShowAllowedAt';
import { areaView } from './serviceAreaView';

/** Origin and destination closer than this are the same place. */
export const SAME_PLACE_M = 25;
/** Attempts to commit an accepted trip when another writer changed the vehicle meanwhile. */
export const ACCEPT_ATTEMPTS = 3;
/** States only an accepted trip reaches. */
const ACCEPTED_ONCE: ReadonlySet<TripView['state']> = new Set(['accepted', 'assigned', 'arriving', 'on_board', 'completed', 'no_show']);

export interface DispatcherDeps {
  repos: Repositories;
  router: Router;
  clock: Clock;
  policy?: DispatchPolicy;
  /** Latitude the R-tree projects around (the service area's middle). */
  referenceLat: number;
  newId?: () => string;
  metrics: MetricsRepository;
}

/**
 * The dispatcher service: validates a request against the service area, snaps it to the road, decides
 * it on the pure core, and commits accepted trips and schedules to PostgreSQL in one transaction each,
 * updating its in-memory fleet (a cache) only after the commit.
 */
export class Dispatcher implements DispatchService {
  readonly fleet: FleetState;
  readonly policy: DispatchPolicy;
  private readonly repos: Repositories;
  private readonly metricsRepo: MetricsRepository;
  private readonly router: Router;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly commits = new AsyncMutex();
  /** GPS positions, written in batches behind the requests. */
  readonly positions: PositionWriter;
  /** Told after every committed change; the realtime layer listens. */
  readonly changes = new ChangeFeed();
  /** The continuous re-optimization; start() it to run in the background. */
  readonly reoptimizer: Reoptimizer;
  /** Vehicles to read back from PostgreSQL after a write whose outcome is unknown. */
  readonly resync: FleetResync;

  private constructor(deps: DispatcherDeps) {
    this.repos = deps.repos;
    this.metricsRepo = deps.metrics;
    this.router = deps.router;
    this.clock = deps.clock;
    this.policy = deps.policy ?? DEFAULT_POLICY;
    this.newId = deps.newId ?? randomUUID;
    this.fleet = new FleetState(deps.referenceLat);
    const log = (m: string) => process.stderr.write(`${m}\n`);
    this.positions = new PositionWriter(
      (batch) => this.repos.positions.recordMany(batch),
      undefined,
      (e, inARow) => inARow === 1 && log(`positions not written yet (${e instanceof Error ? e.message : String(e)}); retrying with backoff`),
      (failures) => log(`positions written again after ${failures} failed tries`),
    );
    this.resync = new FleetResync((ids) => this.reloadVehicles(ids), this.commits, log);
    this.reoptimizer = new Reoptimizer({
      resync: this.resync,
      fleet: this.fleet,
      router: this.router,
      repos: this.repos,
      policy: this.policy,
      clock: this.clock,
      commits: this.commits,
      onCommitted: () => this.changes.emit('committed'),
    });
  }

  /** Starts a dispatcher from the database's state. */
  static async start(deps: DispatcherDeps): Promise<Dispatcher> {
    const d = new Dispatcher(deps);
    await rebuildFleet(await deps.repos.loadDispatchState(), d.fleet, d.router, d.policy, d.clock.nowS());
    return d;
  }

  async requestTrip(request: TripRequest, idempotencyKey: string | undefined): Promise<{ trip: TripView; created: boolean }> {
    return this.guard(async () => {
      const now = this.clock.nowS();
      if (idempotencyKey) {
        const existing = await this.repos.trips.getByIdempotencyKey(request.riderId, idempotencyKey);
        if (existing) {
          if (!sameRequest(existing, request)) {
            throw new ApiError('IdempotencyKeyReused', 'This Idempotency-Key was used for a different trip; use a new key for a new trip');
          }
          // The retry of an auto-accepted request whose acceptance failed (the database went away) finishes it.
          if (request.autoAccept && existing.state === 'offered') return { trip: await this.locked(() => this.acceptLocked(existing.id)), created: false };
          return { trip: tripView(existing, this.fleet, this.policy), created: false };
        }
      }
      const pickupAt = request.pickupAt ?? now;
      if (pickupAt < now - PAST_PICKUP_GRACE_S) throw new ApiError('InvalidPickupTime', 'The pickup time is in the past');
      if (pickupAt > now + MAX_PREBOOK_S) throw new ApiError('InvalidPickupTime', `Trips can be booked at most ${MAX_PREBOOK_S / 86400} days ahead`);
      if (distanceM(request.origin, request.destination) < SAME_PLACE_M) {
        throw new ApiError('SameOriginAndDestination', 'The destination is where the trip starts; choose another destination');
      }
      const newTrip: NewTrip = {
        id: this.newId(),
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
      return request.autoAccept ? this.locked(() => this.offerAndCommit(newTrip, now, true)) : this.offerAndCommit(newTrip, now, false);
    });
  }

  /** Decides a new request, stores the offer (or the rejection), and with `accept` commits it at once. */
  private async offerAndCommit(newTrip: NewTrip, now: number, accept: boolean): Promise<{ trip: TripView; created: boolean }> {
    const outcome = await this.decideNew(newTrip, now);
    if (!outcome.ok) {
      const created = await this.repos.trips.create(newTrip, { atS: now });
      if (!created.created) return { trip: tripView(created.trip, this.fleet, this.policy), created: false };
      return { trip: tripView(await this.repos.trips.reject(newTrip.id, outcome.reason, now), this.fleet, this.policy), created: true };
    }
    const promise = { pickupEarliestS: outcome.promise.pickupEarliestS, pickupLatestS: outcome.promise.pickupLatestS, latestArrivalS: outcome.promise.arriveByS };
    const created = await this.repos.trips.create(outcome.trip, {
      atS: now,
      offer: {
        promise,
        offerExpiresAtS: now + this.policy.offerTtlS,
        originSnapped: outcome.trip.originSnapped,
        destinationSnapped: outcome.trip.destinationSnapped,
        walkToPickupM: outcome.trip.walkToPickupM,
      },
    });
    if (!created.created) return { trip: tripView(created.trip, this.fleet, this.policy), created: false };
    await this.metricsRepo.recordDirectDrive(newTrip.id, outcome.direct.s, outcome.direct.m);
    if (!accept) return { trip: tripView(created.trip, this.fleet, this.policy), created: true };
    const vehicle = this.fleet.vehicles.get(outcome.vehicleId)!;
    try {
      return { trip: await this.commitAcceptance(created.trip, vehicle, outcome, promise, now, outcome.direct.s), created: true };
    } catch (e) {
      if (!(e instanceof ScheduleConflict)) throw e;
      // Another dispatcher instance changed that vehicle: reload it and plan the offer again.
      await this.reloadVehicles([vehicle.id]);
      return { trip: await this.acceptLocked(newTrip.id), created: true };
    }
  }

  /**
   * One transaction: the trip accepted with its promise, the vehicle's new stops; then the in-memory fleet. A commit
   * whose answer is lost is reported as a failure (never as accepted), and the vehicle is read back from the database.
   */
  private async commitAcceptance(trip: TripRecord, vehicle: FleetVehicle, decision: Extract<Decision, { ok: true }>, promise: TripRecord['promise'] & object, now: number, directS: number): Promise<TripView> {
    return this.unsure([vehicle.id], async () => {
      const result = await this.repos.schedules.acceptTrip({
        trip: newTripOf(trip),
        promise,
        vehicleId: vehicle.id,
        expectedScheduleVersion: vehicle.scheduleVersion,
        stops: decision.stops.map(({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS }) => ({ tripId: t, kind, location, plannedArrivalS, earliestS, latestS, serviceS })),
        atS: now,
      });
      await this.applyDecision(vehicle, decision, result.scheduleVersion, result.trip, directS);
      return tripView(result.trip, this.fleet, this.policy);
    });
  }

  async acceptOffer(tripId: string): Promise<TripView> {
    return this.guard(() => this.locked(() => this.acceptLocked(tripId)));
  }

  /** Accepts an open offer, planning it again against the fleet as it is now; call it holding the lock. */
  private async acceptLocked(tripId: string): Promise<TripView> {
    const trip = await this.mustGetTrip(tripId);
    if (trip.state !== 'offered') {
      // Accepting again (a retry after a lost answer) shows the trip as it is now.
      if (ACCEPTED_ONCE.has(trip.state)) return tripView(trip, this.fleet, this.policy);
      throw new ApiError('OfferExpired', `Trip ${tripId} is ${trip.state}, not an open offer`);
    }
    const now = this.clock.nowS();
    if (trip.offerExpiresAtS !== null && now > trip.offerExpiresAtS) throw new ApiError('OfferExpired', 'The offer expired; request the trip again');
    const promise = trip.promise!;
    const draft = await this.draftOf(trip, { pickupEarliestS: promise.pickupEarliestS, pickupLatestS: promise.pickupLatestS, arriveByS: promise.latestArrivalS });
    if (!draft) throw new ApiError('OfferNoLongerAvailable', 'No road connects the pickup and the destination any more');
    for (let attempt = 1; ; attempt++) {
      const decision = await planRequest(this.router, this.fleet, draft, now, this.policy);
      if (!decision.ok) throw new ApiError('OfferNoLongerAvailable', `The offered trip no longer fits any vehicle (${decision.reason}); request it again`);
      const vehicle = this.fleet.vehicles.get(decision.vehicleId)!;
      try {
        return await this.commitAcceptance(trip, vehicle, decision, promise, now, draft.directS);
      } catch (e) {
        if (!(e instanceof ScheduleConflict) || attempt >= ACCEPT_ATTEMPTS) throw e;
        await this.reloadVehicles([vehicle.id]);
      }
    }
  }

  async declineOffer(tripId: string): Promise<TripView> {
    return this.guard(async () => {
      const trip = await this.mustGetTrip(tripId);
      if (trip.state !== 'offered') throw new ApiError('OfferExpired', `Trip ${tripId} is ${trip.state}, not an open offer`);
      return tripView((await this.repos.trips.cancel(tripId, 'offer declined', this.clock.nowS())).trip, this.fleet, this.policy);
    });
  }

  async getTrip(tripId: string): Promise<TripView | null> {
    return this.guard(async () => {
      const trip = await this.repos.trips.get(tripId);
      return trip ? tripView(trip, this.fleet, this.policy) : null;
    });
  }

  async cancelTrip(tripId: string, reason: string): Promise<TripView> {
    return this.guard(() =>
      this.locked(async () => {
        const trip = await this.mustGetTrip(tripId);
        if (FINAL_TRIP_STATES.has(trip.state) || trip.state === 'on_board') {
          throw new ApiError('TripNotCancellable', `Trip ${tripId} is ${trip.state.replace('_', ' ')} and can no longer be cancelled`);
        }
        return this.unsure(trip.vehicleId ? [trip.vehicleId] : [], async () => {
          const result = await this.repos.trips.cancel(tripId, reason, this.clock.nowS());
          const vehicle = trip.vehicleId ? this.fleet.vehicles.get(trip.vehicleId) : undefined;
          if (vehicle) {
            vehicle.stops = vehicle.stops.filter((s) => s.tripId !== tripId);
            vehicle.lockedCount = Math.min(vehicle.lockedCount, vehicle.stops.length);
            if (result.scheduleVersion !== null) vehicle.scheduleVersion = result.scheduleVersion;
            await refreshLegsIfRoutable(this.router, vehicle);
            this.fleet.putVehicle(vehicle);
          }
          this.fleet.trips.delete(tripId);
          return tripView(result.trip, this.fleet, this.policy);
        });
      }),
    );
  }

  async upsertVehicle(input: VehicleInput): Promise<VehicleView> {
    return this.guard(async () => {
      const v = await this.repos.vehicles.upsert({ ...input, name: input.name ?? input.id }, this.clock.nowS());
      const live = this.fleet.vehicles.get(v.id);
      if (live) this.fleet.putVehicle({ ...live, seats: v.seats, wheelchairs: v.wheelchairPlaces, depot: v.depot });
      return this.vehicleView(v.id, v);
    });
  }

  async startShift(vehicleId: string, input: ShiftStartInput): Promise<VehicleView> {
    return this.guard(() =>
      this.locked(async () => {
        const v = await this.repos.vehicles.get(vehicleId);
        if (!v) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}; create it with PUT /vehicles/${vehicleId}`);
        const now = this.clock.nowS();
        if (input.endsAt <= now) throw new ApiError('ValidationFailed', 'body.endsAt: the shift must end in the future');
        const position = input.position ?? v.depot;
        await this.unsure([vehicleId], async () => {
          await this.repos.vehicles.startShift({ vehicleId, atS: now, endsAtS: input.endsAt });
          await this.repos.positions.record({ vehicleId, atS: now, location: position, headingDeg: null, speedMps: null });
          await this.reloadVehicles([vehicleId]);
        });
        return this.vehicleView(vehicleId, v);
      }),
    );
  }

  async endShift(vehicleId: string): Promise<VehicleView> {
    return this.guard(() =>
      this.locked(async () => {
        const v = await this.repos.vehicles.get(vehicleId);
        if (!v) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}`);
        const live = this.fleet.vehicles.get(vehicleId);
        if (live && live.stops.length > 0) {
          throw new ApiError('VehicleHasOpenStops', `Vehicle ${vehicleId} still has ${live.stops.length} stops to serve; finish or reassign them first`);
        }
        await this.unsure([vehicleId], () => this.repos.vehicles.endShift(vehicleId, this.clock.nowS()));
        this.fleet.removeVehicle(vehicleId);
        return this.vehicleView(vehicleId, v);
      }),
    );
  }

  /** Resolves once the changes already waiting for the commit lock are done (shutdown finishes in-flight work). */
  idle(): Promise<void> {
    return this.commits.run(async () => {});
  }

  async nearbyVehicles(point: [number, number], radiusM: number, max: number): Promise<NearbyVehicle[]> {
    return this.fleet.candidates(point, radiusM, max).map((v) => ({ location: [v.position[0], v.position[1]], busy: v.stops.length > 0 }));
  }

  async reportPosition(vehicleId: string, report: PositionReport): Promise<void> {
    return this.guard(async () => {
      if (!this.fleet.vehicles.has(vehicleId)) throw new ApiError('UnknownVehicle', `Vehicle ${vehicleId} is not on shift`);
      const now = this.clock.nowS();
      this.positions.add({ vehicleId, atS: now, location: report.location, headingDeg: report.headingDeg ?? null, speedMps: report.speedMps ?? null });
      this.fleet.moveVehicle(vehicleId, report.location, now);
      this.changes.emit('position', { vehicleId, location: report.location, headingDeg: report.headingDeg ?? null, atS: now });
      await refreshLegsIfRoutable(this.router, this.fleet.vehicles.get(vehicleId)!, true);
    });
  }

  async stopEvent(vehicleId: string, tripId: string, event: StopEvent): Promise<TripView> {
    return this.guard(() =>
      this.locked(async () => {
        const vehicle = this.fleet.vehicles.get(vehicleId);
        const kind = event === 'arrived_pickup' || event === 'picked_up' || event === 'no_show' ? 'pickup' : 'dropoff';
        const stop = vehicle?.stops.find((s) => s.tripId === tripId && s.kind === kind);
        if (!vehicle || !stop) throw new ApiError('StopNotOnVehicle', `Vehicle ${vehicleId} has no open ${kind} for trip ${tripId}`);
        const now = this.clock.nowS();
        if (event === 'no_show') {
          const allowedAt = this.noShowAllowedAt(vehicle, stop, now);
          if (now < allowedAt) {
            throw new ApiError('NoShowTooEarly', `Wait at the pickup until ${Math.ceil(allowedAt - now)} more seconds have passed before reporting a no-show`);
          }
        }
        const events = this.repos.stopEvents;
        return this.unsure([vehicleId], async () => {
          let result;
          try {
            if (event === 'arrived_pickup' || event === 'arrived_dropoff') result = await events.arrived(tripId, kind, now);
            else if (event === 'picked_up') result = await events.pickedUp(tripId, now);
            else if (event === 'no_show') result = await events.noShow(tripId, now);
            else result = await events.droppedOff(tripId, now);
          } catch (e) {
            if (isPersistenceError(e) && e.code === 'InvalidTripTransition') throw new ApiError('StopEventOutOfOrder', e.message, { cause: e });
            throw e;
          }
          applyStopEvent(vehicle, this.fleet.trips.get(tripId), stop, event, now);
          if (event === 'no_show' || event === 'dropped_off') this.fleet.trips.delete(tripId);
          vehicle.scheduleVersion = result.scheduleVersion;
          await refreshLegsIfRoutable(this.router, vehicle);
          this.fleet.putVehicle(vehicle);
          return tripView(result.trip, this.fleet, this.policy);
        });
      }),
    );
  }

  /**
   * When a driver may report a no-show: after the full wait (noShowWaitS) from arriving, or the window's opening if
   * the vehicle came early, but sooner (never before minNoShowWaitS) when waiting longer would break another
   * rider's promise on the same vehicle.
   */
  private noShowAllowedAt(vehicle: FleetVehicle, stop: PlannedStop, now: number): number {
    return noShowAllowedAt(vehicle, stop, this.fleet.trips, this.policy, now);
  }


  async listServiceAreas(): Promise<ServiceAreaView[]> {
    return this.guard(async () => (await this.repos.serviceAreas.list()).map(areaView));
  }

  async createServiceArea(area: ServiceAreaFeature): Promise<ServiceAreaView> {
    return this.guard(async () => areaView(await this.repos.serviceAreas.create({ name: area.properties.name, geometry: area.geometry, atS: this.clock.nowS() })));
  }

  async deleteServiceArea(id: number): Promise<boolean> {
    return this.guard(() => this.repos.serviceAreas.delete(id));
  }

  async metrics(range: { fromS?: number; toS?: number }): Promise<PlannerMetrics> {
    return this.guard(() => this.metricsRepo.compute(range.fromS ?? 0, range.toS ?? Math.ceil(this.clock.nowS()) + 1));
  }

  /** Service area, snapping and the decision for a new request; a rejection carries its named reason. */
  private async decideNew(trip: NewTrip, now: number): Promise<({ ok: true; trip: NewTrip; direct: { s: number; m: number } } & Extract<Decision, { ok: true }>) | { ok: false; reason: RejectionReason }> {
    if (!(await this.repos.serviceAreas.covers(trip.origin)) || !(await this.repos.serviceAreas.covers(trip.destination))) {
      return { ok: false, reason: 'OutsideServiceArea' };
    }
    try {
      const [p, d] = await Promise.all([this.router.nearest(trip.origin), this.router.nearest(trip.destination)]);
      const snapped: NewTrip = { ...trip, originSnapped: p.location, destinationSnapped: d.location, walkToPickupM: p.distanceM };
      const draft = await this.draftOf(snapped);
      if (draft === null) return { ok: false, reason: 'NoRoute' };
      const decision = await planRequest(this.router, this.fleet, draft, now, this.policy);
      if (!decision.ok) return decision;
      return { ...decision, trip: snapped, direct: { s: draft.directS, m: draft.directM } };
    } catch (e) {
      if (isRoutingError(e)) return { ok: false, reason: e.code === 'RoutingUnavailable' ? 'RoutingUnavailable' : 'NoRoute' };
      throw e;
    }
  }

  /** The planner's view of a trip: snapped points, the direct drive, the promise when re-checking an offer. */
  private async draftOf(trip: NewTrip | TripRecord, promised?: RequestDraft['promised']): Promise<RequestDraft | null> {
    const pickup: LngLat = trip.originSnapped ?? trip.origin;
    const dropoff: LngLat = trip.destinationSnapped ?? trip.destination;
    const direct = await this.router.table([pickup], [dropoff]);
    const directS = direct.durationsS[0][0];
    if (directS === null) return null;
    return {
      tripId: trip.id,
      pickup,
      dropoff,
      passengers: trip.passengers,
      wheelchairs: trip.wheelchairs,
      requestedPickupS: trip.requestedPickupAtS,
      directS,
      directM: direct.distancesM[0][0] ?? 0,
      ...(promised ? { promised } : {}),
    };
  }

  /** After the commit: the in-memory vehicle takes the new schedule and version, the trip joins the fleet. */
  private async applyDecision(vehicle: FleetVehicle, decision: Extract<Decision, { ok: true }>, version: number, trip: TripRecord, directS: number): Promise<void> {
    vehicle.stops = decision.stops;
    vehicle.returnLegS = decision.returnLegS;
    vehicle.returnLegM = decision.returnLegM;
    vehicle.scheduleVersion = version;
    this.fleet.putVehicle(vehicle);
    this.fleet.putTrip(await fleetTrip(trip, vehicle.id, this.router, this.policy, directS));
  }

  /** Reads vehicles back from PostgreSQL into the fleet, with the trips on them (after a conflict, a shift start, an unsure write). */
  private async reloadVehicles(vehicleIds: readonly string[]): Promise<void> {
    const state = await this.repos.loadDispatchState();
    const ids = new Set(vehicleIds);
    for (const [tripId, trip] of this.fleet.trips) if (ids.has(trip.vehicleId)) this.fleet.trips.delete(tripId);
    for (const id of ids) this.fleet.removeVehicle(id);
    const found = state.vehicles.filter((v) => ids.has(v.vehicle.id));
    if (found.length > 0) await rebuildFleet({ ...state, vehicles: found }, this.fleet, this.router, this.policy, this.clock.nowS());
  }

  private async mustGetTrip(tripId: string): Promise<TripRecord> {
    const trip = await this.repos.trips.get(tripId);
    if (!trip) throw new ApiError('NotFound', `No trip ${tripId}`);
    return trip;
  }

  private vehicleView(id: string, v: { name: string; seats: number; wheelchairPlaces: number; depot: LngLat }): VehicleView {
    const live = this.fleet.vehicles.get(id);
    return { id, name: v.name, seats: v.seats, wheelchairPlaces: v.wheelchairPlaces, depot: [v.depot[0], v.depot[1]], onShift: !!live, shiftEndsAt: live?.shiftEndS ?? null };
  }

  /**
   * A section that plans on the fleet and commits, one at a time. Vehicles whose cache may be stale are read back
   * first; a write that fails without a clean refusal (the connection dropped during COMMIT, the cache update failed)
   * marks the vehicles it touched for reading back.
   */
  private locked<T>(work: () => Promise<T>): Promise<T> {
    return this.commits.run(async () => {
      await this.resync.beforeChange();
      return work();
    });
  }

  /** Runs a write on these vehicles; an outcome it cannot be sure of sends them to be read back from the database. */
  private async unsure<T>(vehicleIds: readonly string[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (!refusedCleanly(e)) this.resync.mark(vehicleIds);
      throw e;
    }
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw toServiceError(e);
    } finally {
      // Reads cost the listener one empty look at the log; a failed write may still have committed part of its work.
      this.changes.emit('committed');
    }
  }
}

function sameRequest(t: TripRecord, r: TripRequest): boolean {
  const near = (a: LngLat, b: LngLat) => distanceM(a, b) < 1;
  return near(t.origin, r.origin) && near(t.destination, r.destination) && t.passengers === r.passengers && t.wheelchairs === r.wheelchairs;
}

function newTripOf(t: TripRecord): NewTrip {
  return {
    id: t.id,
    riderId: t.riderId,
    riderName: t.riderName,
    idempotencyKey: t.idempotencyKey,
    origin: t.origin,
    destination: t.destination,
    originSnapped: t.originSnapped,
    destinationSnapped: t.destinationSnapped,
    walkToPickupM: t.walkToPickupM,
    passengers: t.passengers,
    wheelchairs: t.wheelchairs,
    requestedPickupAtS: t.requestedPickupAtS,
  };
}
