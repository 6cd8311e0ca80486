import { randomUUID } from 'node:crypto';
import type { LngLat, Router } from '../../routing/Router';
import type { PlannerMetrics } from '../../protocol/metrics';
import type { NearbyVehicle, PositionReport, RiderTripsResponse, StopEvent, StopReport, TripRequest, TripView } from '../../protocol/trips';
import type { DispatchService, ServiceAreaFeature, ServiceAreaView, ShiftStartInput, VehicleInput, VehicleView } from '../api/DispatchService';
import type { Clock } from '../clock/Clock';
import { ApiError } from '../errors/ApiError';
import { policyForNetwork, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { FleetState } from '../fleet/FleetState';
import type { MetricsRepository } from '../persistence/MetricsRepository';
import type { Repositories } from '../persistence/Repositories';
import { ChangeFeed } from '../realtime/ChangeFeed';
import { ServiceRulesCache } from '../rules/ServiceRulesCache';
import { areaView } from '../views/serviceAreaView';
import type { AssignRequest, AssignResponse, EventsPage, VehicleBreakView } from '../../protocol/operator';
import type { MeetingPointSet } from '../meetingPoints/MeetingPointSet';
import { Booking } from './Booking';
import { Ratings } from './Ratings';
import type { TripRating, TripRatingInput } from '../../protocol/ratings';
import { OperatorActions } from './OperatorActions';
import { CommitGate } from './CommitGate';
import type { DispatchContext } from './DispatchContext';
import type { FleetResync } from './FleetResync';
import { PositionWriter } from './PositionWriter';
import { rebuildFleet, reloadVehicles } from './rebuildFleet';
import { Reoptimizer } from './Reoptimizer';
import { Rebalancer } from './Rebalancer';
import { areaHasRoad } from './roadNetworkChecks';
import { ShiftsAndPositions } from './ShiftsAndPositions';
import { StopEvents } from './StopEvents';
import { LiveEtas } from './LiveEtas';
import { RiskResponder } from './RiskResponder';
import { SpeedFactorLearning } from './SpeedFactorLearning';
import { SpeedFactorRouter } from '../traffic/SpeedFactorRouter';
import type { OutOfServiceResult } from '../../protocol/promises';

export { ACCEPT_ATTEMPTS, SAME_PLACE_M } from './Booking';

export interface DispatcherDeps {
  repos: Repositories;
  router: Router;
  clock: Clock;
  policy?: DispatchPolicy;
  /** Latitude the R-tree projects around (the service area's middle). */
  referenceLat: number;
  newId?: () => string;
  metrics: MetricsRepository;
  /** The zone rules; default: read from repos.zoneRules (cached). */
  rules?: ServiceRulesCache;
  /** Candidate meeting points; absent: none. */
  meetingPoints?: MeetingPointSet;
}

/**
 * The dispatcher service, a thin facade over its parts: booking (request, offer, accept, decline, cancel), shifts and
 * positions, stop events, and the commit gate every change passes (lock, read-back of stale vehicles, coded errors).
 * PostgreSQL holds the truth; the in-memory fleet is a cache updated only after a commit.
 */
export class Dispatcher implements DispatchService {
  readonly fleet: FleetState;
  readonly policy: DispatchPolicy;
  /** GPS positions, written in batches behind the requests. */
  readonly positions: PositionWriter;
  /** Told after every committed change; the realtime layer listens. */
  readonly changes = new ChangeFeed();
  /** The continuous re-optimization; start() it to run in the background. */
  readonly reoptimizer: Reoptimizer;
  /** Idle vehicles toward expected demand (policy.rebalance); null without the rebalancing repository. start() it to run. */
  readonly rebalancer: Rebalancer | null;
  private readonly gate: CommitGate;
  private readonly booking: Booking;
  private readonly shifts: ShiftsAndPositions;
  private readonly stops: StopEvents;
  private readonly ratings: Ratings;
  private readonly operator: OperatorActions;
  private readonly ctx: DispatchContext;
  /** Learnt per-hour speed factors (issue 13); the dispatcher's router drives each leg at its hour's factor. */
  readonly learning: SpeedFactorLearning;
  private readonly risk: RiskResponder;
  /** The router every decision plans on: the given one, at the learnt speed factors when learning is on. */
  get router(): Router {
    return this.ctx.router;
  }

  /** The service rules this dispatcher judges requests by (the zone routes invalidate it after a change). */
  get rules(): ServiceRulesCache {
    return this.ctx.rules;
  }

  private constructor(deps: DispatcherDeps) {
    this.policy = deps.policy ?? policyForNetwork(deps.router);
    this.fleet = new FleetState(deps.referenceLat);
    const log = (m: string) => process.stderr.write(`${m}\n`);
    this.positions = new PositionWriter(
      (batch) => deps.repos.positions.recordMany(batch),
      undefined,
      (e, inARow) => inARow === 1 && log(`positions not written yet (${e instanceof Error ? e.message : String(e)}); retrying with backoff`),
      (failures) => log(`positions written again after ${failures} failed tries`),
    );
    this.learning = new SpeedFactorLearning(deps.repos.speedFactors, this.policy.learnSpeedFactors, log);
    // Learning on, every decision, ETA and re-plan sees travel times at the learnt factor of the hour they are driven in.
    const timed = this.policy.learnSpeedFactors ? new SpeedFactorRouter(deps.router, this.learning.factors, deps.clock) : null;
    const router: Router = timed ?? deps.router;
    const reload = (ids: readonly string[]) => reloadVehicles(ids, deps.repos, this.fleet, router, this.policy, deps.clock.nowS());
    this.gate = new CommitGate(reload, this.changes, log);
    this.ctx = {
      repos: deps.repos,
      metrics: deps.metrics,
      router,
      routerAt: (epochS) => timed?.drivenFrom(epochS) ?? deps.router,
      clock: deps.clock,
      policy: this.policy,
      fleet: this.fleet,
      gate: this.gate,
      changes: this.changes,
      positions: this.positions,
      newId: deps.newId ?? randomUUID,
      reloadVehicles: reload,
      rules: deps.rules ?? (deps.repos.zoneRules ? new ServiceRulesCache(() => deps.repos.zoneRules.loadRules(), deps.clock) : ServiceRulesCache.none(deps.clock)),
      ...(deps.meetingPoints ? { meetingPoints: deps.meetingPoints } : {}),
    };
    this.booking = new Booking(this.ctx);
    this.risk = new RiskResponder(this.ctx);
    const live = { etas: new LiveEtas(deps.repos.risk, this.changes, log), risk: this.risk, learning: this.learning };
    this.shifts = new ShiftsAndPositions(this.ctx, live);
    this.stops = new StopEvents(this.ctx, live);
    this.ratings = new Ratings(this.ctx);
    this.operator = new OperatorActions(this.ctx);
    this.reoptimizer = new Reoptimizer({
      resync: this.gate.resync,
      fleet: this.fleet,
      router,
      repos: deps.repos,
      policy: this.policy,
      clock: deps.clock,
      commits: this.gate,
      onCommitted: () => this.changes.emit('committed'),
    });
    this.rebalancer = deps.repos.rebalancing
      ? new Rebalancer({ fleet: this.fleet, repo: deps.repos.rebalancing, policy: this.policy, clock: deps.clock, changes: this.changes, referenceLat: deps.referenceLat })
      : null;
  }

  /** Starts a dispatcher from the database's state. */
  static async start(deps: DispatcherDeps): Promise<Dispatcher> {
    const d = new Dispatcher(deps);
    await d.learning.load();
    await rebuildFleet(await deps.repos.loadDispatchState(), d.fleet, d.ctx.router, d.policy, deps.clock.nowS());
    return d;
  }

  /** Vehicles to read back from PostgreSQL after a write whose outcome is unknown. */
  get resync(): FleetResync {
    return this.gate.resync;
  }

  requestTrip(request: TripRequest, idempotencyKey: string | undefined): Promise<{ trip: TripView; created: boolean }> {
    return this.gate.guard(() => this.booking.requestTrip(request, idempotencyKey));
  }

  acceptOffer(tripId: string, by?: string): Promise<TripView> {
    return this.gate.guard(() => this.booking.acceptOffer(tripId, by));
  }

  declineOffer(tripId: string): Promise<TripView> {
    return this.gate.guard(() => this.booking.declineOffer(tripId));
  }

  getTrip(tripId: string): Promise<TripView | null> {
    return this.gate.guardUnlogged(() => this.booking.getTrip(tripId));
  }

  listRiderTrips(riderId: string): Promise<RiderTripsResponse> {
    return this.gate.guardUnlogged(() => this.booking.listRiderTrips(riderId));
  }

  cancelTrip(tripId: string, reason: string, by?: string): Promise<TripView> {
    return this.gate.guard(() => this.booking.cancelTrip(tripId, reason, by));
  }

  upsertVehicle(input: VehicleInput, by?: string): Promise<VehicleView> {
    return this.gate.guard(() => this.shifts.upsertVehicle(input, by));
  }

  startShift(vehicleId: string, input: ShiftStartInput, by?: string): Promise<VehicleView> {
    return this.gate.guard(() => this.shifts.startShift(vehicleId, input, by));
  }

  endShift(vehicleId: string, by?: string): Promise<VehicleView> {
    return this.gate.guard(() => this.shifts.endShift(vehicleId, by));
  }

  async nearbyVehicles(point: [number, number], radiusM: number, max: number): Promise<NearbyVehicle[]> {
    return this.shifts.nearbyVehicles(point, radiusM, max);
  }

  markOutOfService(vehicleId: string, reason: string, by: string): Promise<OutOfServiceResult> {
    return this.gate.guard(() => this.risk.outOfService(vehicleId, reason, by));
  }

  reportPosition(vehicleId: string, report: PositionReport): Promise<void> {
    return this.gate.guardUnlogged(() => this.shifts.reportPosition(vehicleId, report));
  }

  /** A fix another instance took for a vehicle it owns: the cache follows it (ShiftsAndPositions.followFix). */
  followFix(vehicleId: string, fix: { location: LngLat; atS: number; offNetwork: boolean }): Promise<void> {
    return this.shifts.followFix(vehicleId, fix);
  }

  stopEvent(vehicleId: string, tripId: string, event: StopEvent, report?: StopReport): Promise<TripView> {
    return this.gate.guard(() => this.stops.stopEvent(vehicleId, tripId, event, report));
  }

  listServiceAreas(): Promise<ServiceAreaView[]> {
    return this.gate.guardUnlogged(async () => (await this.ctx.repos.serviceAreas.list()).map(areaView));
  }

  createServiceArea(area: ServiceAreaFeature): Promise<ServiceAreaView> {
    return this.gate.guard(async () => {
      const g = area.geometry;
      if ((await areaHasRoad(this.ctx.router, g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) === false) {
        throw new ApiError('ServiceAreaOffNetwork', `No road of the network lies inside the area "${area.properties.name}"; draw it over the streets it serves`);
      }
      return areaView(await this.ctx.repos.serviceAreas.create({ name: area.properties.name, geometry: g, atS: this.ctx.clock.nowS() }));
    });
  }

  deleteServiceArea(id: number): Promise<boolean> {
    return this.gate.guard(() => this.ctx.repos.serviceAreas.delete(id));
  }

  rateTrip(tripId: string, riderId: string, input: TripRatingInput): Promise<TripRating> {
    return this.gate.guard(() => this.ratings.rateTrip(tripId, riderId, input));
  }

  metrics(range: { fromS?: number; toS?: number }): Promise<PlannerMetrics> {
    return this.gate.guardUnlogged(() => this.ctx.metrics.compute(range.fromS ?? 0, range.toS ?? Math.ceil(this.ctx.clock.nowS()) + 1));
  }

  assignTrip(tripId: string, input: AssignRequest, by: string): Promise<AssignResponse> {
    return this.gate.guard(() => this.operator.assignTrip(tripId, input, by));
  }

  setPin(tripId: string, pinned: boolean, by: string): Promise<TripView> {
    return this.gate.guard(() => this.operator.setPin(tripId, pinned, by));
  }

  addBreak(vehicleId: string, window: { startsAtS: number; endsAtS: number }, by: string): Promise<VehicleBreakView> {
    return this.gate.guard(() => this.operator.addBreak(vehicleId, window, by));
  }

  listEvents(range: { fromS: number; toS: number; afterSeq: number; limit: number }): Promise<EventsPage> {
    return this.gate.guardUnlogged(() => this.operator.listEvents(range));
  }

  /** Resolves once the changes already waiting for the commit lock are done (shutdown finishes in-flight work). */
  idle(): Promise<void> {
    return this.gate.idle();
  }
}
