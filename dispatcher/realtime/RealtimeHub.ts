import type { LngLat, RouteOptions, RouteResult, RouteStep, Router } from '../../routing/Router';
import { CLOSE_CODES, type FleetVehicleView, type HelloMessage, type Manifest, PROTOCOL_VERSION, type ServerMessage } from '../../protocol/realtime';
import type { TripView } from '../../protocol/trips';
import type { Clock } from '../clock/Clock';
import type { FleetVehicle } from '../fleet/FleetModel';
import type { Repositories } from '../persistence/Repositories';
import type { EventRecord } from '../persistence/records';
import { Mutex } from 'async-mutex';
import type { DispatchService } from '../api/DispatchService';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetState } from '../fleet/FleetState';
import { tripView } from '../views/tripView';
import type { ClientIdentity } from './Authorizer';
import type { ChangeFeed } from './ChangeFeed';
import { changesFromEvents } from './changesFromEvents';
import { ClientSession, MAX_FOLLOWED_TRIPS } from './ClientSession';
import { EventLogFollower, type EventLogSource } from './EventLogFollower';
import { fleetChanges, type FleetChanges } from './fleetChanges';
import { fleetView, type PositionFix } from './fleetView';
import { manifestView } from './manifestView';
import type { RealtimeOptions } from './RealtimeOptions';
import { STOP_APPROACH } from '../fleet/stopApproaches';
import type { RiderNotification } from '../../protocol/notifications';
import type { NotificationSender } from '../notifications/NotificationSender';
import { RiderNotifications } from '../notifications/RiderNotifications';

/**
 * A planner page's fleet feed: whether it takes fleet_changes (hello.fleetChanges), the fleet view it was last
 * sent (null: only the snapshot at its hello, which has no number), and its queue's drops counted after that send.
 */
interface PlannerFeed {
  changes: boolean;
  version: number | null;
  dropped: number;
}

/** How long a resuming client's hello waits for this instance to read as far as the client had seen (then it is told it did not resume). */
const RESUME_CATCH_UP_MS = 1000;

/** What the realtime layer reads: the dispatcher's fleet and change signals, the event log and trips, the router. */
export interface RealtimeDeps {
  dispatcher: Pick<DispatchService, 'reportPosition' | 'stopEvent' | 'startShift' | 'endShift'> & { readonly fleet: FleetState; readonly changes: ChangeFeed; readonly policy?: DispatchPolicy };
  /** `events` may be bounded (in a cluster: no further than the fleet cache has caught up). */
  repos: Pick<Repositories, 'trips' | 'vehicles'> & { events: EventLogSource };
  /** The dispatcher's router: the route to the next stop on a driver's manifest. */
  router: Router;
  clock: Clock;
  /** Riders kept informed (issue 14 §4): email/SMS go through this adapter; absent: no notifications at all. */
  notificationSender?: NotificationSender;
}

/** Stop streets remembered before the memo starts afresh. */
const MAX_STREETS_KEPT = 10_000;

/** How far (degrees either side) a re-route's start may turn from the bus's heading. */
const REROUTE_BEARING_RANGE_DEG = 60;

/** Event-log page size while catching up. */
const PAGE_SIZE = 500;
/** How long after the log names a vehicle every pass compares its mark with the cache (a cache update lagging its event). */
const RECHECK_MS = 5000;

/**
 * Who follows what, and the pushes. The event log says what changed (so changes by other dispatcher instances
 * arrive too); the views are built from the current state. Snapshots on hello, follow_trip and every pass over
 * the log run one at a time, so a client never gets an older state after a newer one.
 */
export class RealtimeHub {
  readonly follower: EventLogFollower;
  private readonly serial = new Mutex();
  private readonly drivers = new Map<string, Set<ClientSession>>();
  private readonly streets = new Map<string, string>();
  private readonly riders = new Map<string, Set<ClientSession>>();
  private readonly followers = new Map<string, Set<ClientSession>>();
  /** Vehicle → sessions with an open trip on it (who may get its positions). */
  private readonly tripWatchers = new Map<string, Set<ClientSession>>();
  private readonly watched = new Map<ClientSession, Set<string>>();
  private readonly planners = new Map<ClientSession, PlannerFeed>();
  /** The fleet view last pushed to planners, numbered: fleet_changes go from it to the next. */
  private lastFleet: { version: number; vehicles: FleetVehicleView[] } | null = null;
  private fleetVersion = 0;
  private readonly fixes = new Map<string, PositionFix>();
  /** Schedule version (and shift) of each vehicle when last looked at: a change means new manifests and ETAs. */
  private readonly vehicleKeys = new Map<string, VehicleMark>();
  /** Vehicles the log named lately, each until when (performance.now() ms) a pass looks at its mark again. */
  private readonly recheck = new Map<string, number>();
  /** When a pass last looked at every vehicle's mark (performance.now() ms). */
  private lastFullScanMs = -Infinity;
  private fleetDirty = true;
  private fleetTimer: NodeJS.Timeout | undefined;
  private readonly notifications: RiderNotifications | null;
  private notifyTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: RealtimeDeps,
    private readonly options: RealtimeOptions,
  ) {
    this.follower = new EventLogFollower(deps.repos.events, (events, seq) => this.serial.runExclusive(() => this.applyPage(events, seq)), {
      pollIntervalMs: options.pollIntervalMs,
      minPassGapMs: options.minPassGapMs,
      pageSize: PAGE_SIZE,
      onError: (e, inARow) => inARow === 1 && options.log(`reading the event log failed (${e instanceof Error ? e.message : String(e)}); retrying with backoff`),
      onRecovered: (failures) => options.log(`reading the event log again after ${failures} failed passes`),
    });
    const sender = deps.notificationSender;
    this.notifications = sender
      ? new RiderNotifications({ repos: deps.repos, fleet: deps.dispatcher.fleet, clock: deps.clock, policy: deps.dispatcher.policy ?? DEFAULT_POLICY, deliver: (tripId, n) => this.notifyTrip(tripId, n), sender, log: options.log })
      : null;
  }

  async start(): Promise<void> {
    for (const v of this.deps.dispatcher.fleet.vehicles.values()) this.vehicleKeys.set(v.id, markOf(v));
    await this.follower.start();
    this.deps.dispatcher.changes.on('committed', this.onCommitted);
    this.deps.dispatcher.changes.on('position', this.onPosition);
    this.deps.dispatcher.changes.on('etas', this.onEtas);
    this.fleetTimer = setInterval(() => this.pushFleet(), this.options.fleetIntervalMs);
    this.fleetTimer.unref();
    const notifications = this.notifications;
    if (notifications) {
      // The plan's ETAs move with GPS reports and time: "the bus is 2 minutes away" is checked between log passes too.
      this.notifyTimer = setInterval(() => void this.serial.runExclusive(() => notifications.onTick()).catch((e) => this.options.log('checking the notifications failed', e)), this.options.notifyTickMs);
      this.notifyTimer.unref();
    }
  }

  /** A notification to every rider page following the trip. */
  notifyTrip(tripId: string, notification: RiderNotification): void {
    for (const s of this.followers.get(tripId) ?? []) if (s.identity?.role === 'rider') s.send({ v: PROTOCOL_VERSION, type: 'notification', notification });
  }

  async stop(): Promise<void> {
    this.deps.dispatcher.changes.off('committed', this.onCommitted);
    this.deps.dispatcher.changes.off('position', this.onPosition);
    this.deps.dispatcher.changes.off('etas', this.onEtas);
    clearInterval(this.fleetTimer);
    clearInterval(this.notifyTimer);
    await this.follower.stop();
    await this.serial.runExclusive(async () => {});
  }

  /** Resolves after a pass over the log that started after this call: what was committed before is pushed. */
  async settled(): Promise<void> {
    await this.follower.flush();
  }

  /** The last position heard from a vehicle. */
  lastFix(vehicleId: string): PositionFix | undefined {
    return this.fixes.get(vehicleId);
  }

  /**
   * The newest seq this instance can push from: the log as far as the follower (and, in a cluster, the fleet cache)
   * has read it.
   */
  private async caughtUpSeq(): Promise<number> {
    return Math.max(this.follower.seq, await this.deps.repos.events.latestSeq());
  }

  /**
   * A client back from another instance may have seen a seq this one has not read yet (its follower waits out the gap
   * between passes): wait a little for it, so the client resumes instead of being told it missed something. The
   * checks back off (10, 20, 40 … ms), so a client claiming a seq the log never reached costs about eight reads of
   * the log's end over the wait, not one every 10 ms.
   */
  private async catchUpTo(seq: number): Promise<void> {
    const t0 = performance.now();
    for (let waitMs = 10; ; waitMs *= 2) {
      if (this.follower.seq >= seq || (await this.caughtUpSeq()) >= seq) return;
      const leftMs = RESUME_CATCH_UP_MS - (performance.now() - t0);
      if (leftMs <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, leftMs)));
    }
  }

  /** After an accepted hello: welcome, the snapshot of everything the client follows, then live updates. */
  async join(session: ClientSession, hello: HelloMessage, identity: ClientIdentity): Promise<void> {
    if (hello.lastSeq !== undefined && hello.lastSeq > 0) await this.catchUpTo(hello.lastSeq);
    return this.serial.runExclusive(async () => {
      if (!session.isOpen) return;
      // The log may be ahead of the follower (a pass not yet run); the snapshot below is at least that new, and a
      // cache update still under way moves a schedule version, which the next pass pushes.
      const seq = await this.caughtUpSeq();
      if (identity.role === 'driver' && !(await this.deps.repos.vehicles.get(identity.vehicleId))) {
        session.close(CLOSE_CODES.helloRequired, `No vehicle ${identity.vehicleId}`);
        return;
      }
      // The snapshot is the whole state, so a resume needs no replay: every manifest and trip is sent afresh.
      const resumed = hello.lastSeq !== undefined && hello.lastSeq > 0 && hello.lastSeq <= seq;
      session.send({ v: PROTOCOL_VERSION, type: 'welcome', role: identity.role, seq, resumed });
      if (identity.role === 'driver') {
        session.sendManifest(seq, await this.manifestFor(identity.vehicleId));
        addTo(this.drivers, identity.vehicleId, session);
      } else if (identity.role === 'rider') {
        addTo(this.riders, identity.riderId, session);
        for (const tripId of hello.tripIds ?? []) await this.followTrip(session, tripId, seq);
      } else {
        this.planners.set(session, { changes: hello.fleetChanges === true, version: null, dropped: 0 });
        session.send({ v: PROTOCOL_VERSION, type: 'fleet', seq, vehicles: fleetView(this.deps.dispatcher.fleet, this.fixes, this.deps.clock.nowS()) });
      }
    });
  }

  /** follow_trip: only a trip the client may see; the current view at once, then every change. */
  follow(session: ClientSession, tripId: string): Promise<void> {
    return this.serial.runExclusive(() => this.followTrip(session, tripId, this.follower.seq));
  }

  leave(session: ClientSession): void {
    const identity = session.identity;
    if (identity?.role === 'driver') removeFrom(this.drivers, identity.vehicleId, session);
    if (identity?.role === 'rider') removeFrom(this.riders, identity.riderId, session);
    this.planners.delete(session);
    for (const tripId of session.trips.keys()) removeFrom(this.followers, tripId, session);
    for (const vehicleId of this.watched.get(session) ?? []) removeFrom(this.tripWatchers, vehicleId, session);
    this.watched.delete(session);
  }

  private readonly onCommitted = (): void => this.follower.nudge();

  private readonly onPosition = (p: { vehicleId: string; location: LngLat; headingDeg: number | null; atS: number }): void => {
    this.fixes.set(p.vehicleId, { location: p.location, headingDeg: p.headingDeg, atS: p.atS });
    this.fleetDirty = true;
    const message: ServerMessage = { v: PROTOCOL_VERSION, type: 'vehicle_position', vehicleId: p.vehicleId, location: [p.location[0], p.location[1]], headingDeg: p.headingDeg, atS: p.atS };
    const authorizer = this.options.authorizer;
    const plannersGetFixes = this.deps.dispatcher.fleet.vehicles.size <= this.options.plannerPositionsMaxFleet;
    if (plannersGetFixes) for (const s of this.planners.keys()) if (authorizer.maySeeVehiclePosition(s.identity!, p.vehicleId, null, p.atS)) s.send(message);
    for (const s of this.tripWatchers.get(p.vehicleId) ?? []) {
      if (this.planners.has(s)) continue; // sent above, or carried by the next fleet message
      const link = [...s.trips.values()].find((t) => t !== null && authorizer.maySeeVehiclePosition(s.identity!, p.vehicleId, t, p.atS));
      if (link) s.send(message);
    }
  };

  /** Live ETAs moved (no event in the log): riders following those trips get their trip view again, in the log's order. */
  private readonly onEtas = (e: { vehicleId: string; tripIds: string[] }): void => {
    const followed = e.tripIds.filter((id) => (this.followers.get(id)?.size ?? 0) > 0);
    if (followed.length === 0) return;
    void this.serial
      .runExclusive(async () => {
        for (const tripId of followed) {
          const view = await this.tripViewOf(tripId);
          if (!view) continue;
          for (const s of this.followers.get(tripId) ?? []) this.sendTrip(s, this.follower.seq, view);
        }
      })
      .catch((err: unknown) => this.options.log('pushing live ETAs failed', err));
  };

  private pushFleet(): void {
    if (!this.fleetDirty || this.planners.size === 0) return;
    this.fleetDirty = false;
    const vehicles = fleetView(this.deps.dispatcher.fleet, this.fixes, this.deps.clock.nowS());
    const before = this.lastFleet;
    const version = ++this.fleetVersion;
    this.lastFleet = { version, vehicles };
    const seq = this.follower.seq;
    let changes: FleetChanges | null = null;
    for (const [s, feed] of this.planners) {
      // Only what changed, to a page known to hold the last view: it got that message whole (nothing of its queue
      // dropped since, nothing waiting), so this one goes straight to the socket and cannot be lost either.
      if (feed.changes && before !== null && feed.version === before.version && feed.dropped === s.queueStats().dropped && s.flushed) {
        changes ??= fleetChanges(before.vehicles, vehicles);
        s.send({ v: PROTOCOL_VERSION, type: 'fleet_changes', seq, version, since: before.version, vehicles: changes.vehicles, removed: changes.removed });
      } else {
        s.send(feed.changes ? { v: PROTOCOL_VERSION, type: 'fleet', seq, vehicles, version } : { v: PROTOCOL_VERSION, type: 'fleet', seq, vehicles });
      }
      feed.version = version;
      // After the push: a queued fleet message it replaced is not a loss.
      feed.dropped = s.queueStats().dropped;
    }
  }

  /**
   * One vehicle's mark against the cache: new, changed (schedule version or shift end) or gone from the fleet goes
   * into `changed` with the seq read (unless an event put it there already).
   */
  private noteVehicle(id: string, changed: Map<string, number>, seq: number): void {
    const v = this.deps.dispatcher.fleet.vehicles.get(id);
    const mark = this.vehicleKeys.get(id);
    if (!v) {
      if (mark === undefined) return;
      if (!changed.has(id)) changed.set(id, seq);
      // Off shift: the planner keeps seeing it where it was last.
      if (!this.fixes.has(id)) this.fixes.set(id, { location: mark.position, headingDeg: null, atS: this.deps.clock.nowS() });
      this.vehicleKeys.delete(id);
      return;
    }
    if (mark === undefined) {
      this.vehicleKeys.set(id, markOf(v));
      if (!changed.has(id)) changed.set(id, seq);
      return;
    }
    if ((!Object.is(mark.scheduleVersion, v.scheduleVersion) || !Object.is(mark.shiftEndS, v.shiftEndS)) && !changed.has(id)) changed.set(id, seq);
    mark.scheduleVersion = v.scheduleVersion;
    mark.shiftEndS = v.shiftEndS;
    mark.position = v.position;
  }

  /** One page of the event log (possibly empty): new manifests and trip views for whoever follows what changed. */
  private async applyPage(events: EventRecord[], seq: number): Promise<void> {
    const changes = changesFromEvents(events);
    const fleet = this.deps.dispatcher.fleet;
    // The cache may move on after its event was read (a poll between commit and cache update), or a vehicle may
    // leave the fleet: a changed mark catches those up, labelled with the newest seq read. Every vehicle is looked at
    // once per poll interval; in between, only the vehicles the log named in the last RECHECK_MS (the ones whose cache
    // update can lag the event) and this page's, so a busy log (a pass every 25 ms) does not walk 10,000 vehicles
    // forty times a second.
    const nowMs = performance.now();
    const note = (id: string) => this.noteVehicle(id, changes.vehicles, seq);
    const everyVehicle = nowMs - this.lastFullScanMs >= this.options.pollIntervalMs;
    if (everyVehicle) {
      this.lastFullScanMs = nowMs;
      // Every vehicle: the mark is updated in place (no key string, no new object per vehicle).
      for (const id of fleet.vehicles.keys()) note(id);
      for (const id of this.vehicleKeys.keys()) if (!fleet.vehicles.has(id)) note(id);
    } else {
      for (const [id, until] of this.recheck) {
        if (until < nowMs) this.recheck.delete(id);
        else note(id);
      }
      for (const id of changes.vehicles.keys()) if (!this.recheck.has(id)) note(id);
    }
    for (const id of changes.vehicles.keys()) this.recheck.set(id, nowMs + RECHECK_MS);
    if (changes.vehicles.size > 0) this.fleetDirty = true;

    for (const t of changes.newTrips) {
      for (const s of this.riders.get(t.riderId) ?? []) {
        if (s.trips.size < MAX_FOLLOWED_TRIPS && !s.trips.has(t.tripId)) this.startFollowing(s, t.tripId);
      }
    }
    // A schedule change moves the ETAs of every trip on the vehicle, and of trips that just left it.
    const trips = new Map(changes.trips);
    const touch = (tripId: string, at: number) => trips.set(tripId, Math.max(at, trips.get(tripId) ?? 0));
    for (const [vehicleId, at] of changes.vehicles) {
      for (const stop of fleet.vehicles.get(vehicleId)?.stops ?? []) touch(stop.tripId, at);
      for (const s of this.tripWatchers.get(vehicleId) ?? []) for (const [tripId, view] of s.trips) if (view?.vehicleId === vehicleId) touch(tripId, at);
    }

    for (const [vehicleId, at] of changes.vehicles) {
      const drivers = this.drivers.get(vehicleId);
      if (!drivers || drivers.size === 0) continue;
      const manifest = await this.manifestFor(vehicleId);
      for (const s of drivers) s.sendManifest(at, manifest);
    }
    for (const [tripId, at] of trips) {
      const followers = this.followers.get(tripId);
      if (!followers || followers.size === 0) continue;
      const view = await this.tripViewOf(tripId);
      if (!view) continue;
      for (const s of followers) this.sendTrip(s, at, view);
    }
    if (this.notifications) {
      await this.notifications.onEvents(events);
      // Every page: a change on this page (a trip back on a bus waiting at its pickup) is told with its due "bus is
      // near" in the same pass, so the rider's newest word stays the change (e2e/riderChanges.test.ts).
      await this.notifications.onTick();
    }
  }

  private async followTrip(session: ClientSession, tripId: string, seq: number): Promise<void> {
    if (session.trips.has(tripId)) return;
    const view = await this.tripViewOf(tripId);
    // Another rider's trip reads as one that does not exist: its id reveals nothing.
    if (!view || !session.identity || !this.options.authorizer.mayFollowTrip(session.identity, view)) return session.sendError('NotFound', `No trip ${tripId}`);
    if (session.trips.size >= MAX_FOLLOWED_TRIPS) {
      return session.sendError('RequestFailed', `A connection follows at most ${MAX_FOLLOWED_TRIPS} trips; open another for more`);
    }
    this.startFollowing(session, tripId);
    this.sendTrip(session, seq, view);
  }

  private startFollowing(session: ClientSession, tripId: string): void {
    session.trips.set(tripId, null);
    addTo(this.followers, tripId, session);
  }

  /** Sends the view and moves the session's position subscriptions to the vehicles of its open trips. */
  private sendTrip(session: ClientSession, seq: number, view: TripView): void {
    session.sendTrip(seq, view, this.options.authorizer.shownTrip(session.identity!, view));
    const now = session.tripVehicles();
    const before = this.watched.get(session) ?? new Set<string>();
    for (const id of before) if (!now.has(id)) removeFrom(this.tripWatchers, id, session);
    for (const id of now) if (!before.has(id)) addTo(this.tripWatchers, id, session);
    this.watched.set(session, now);
  }

  private async tripViewOf(tripId: string): Promise<TripView | null> {
    // The repository, not dispatcher.getTrip: that one signals `committed` and would start another pass.
    const record = await this.deps.repos.trips.get(tripId);
    return record ? tripView(record, this.deps.dispatcher.fleet, this.deps.dispatcher.policy) : null;
  }

  /**
   * A driver left the route: the manifest again, with the route to the next stop drawn from where the bus is
   * now (and, with a heading, leaving the way it drives), to this session only.
   */
  reroute(session: ClientSession, vehicleId: string, from: LngLat, headingDeg: number | undefined): Promise<void> {
    return this.serial.runExclusive(async () => {
      if (!session.isOpen) return;
      session.sendManifest(this.follower.seq, await this.manifestFor(vehicleId, { from, headingDeg }));
    });
  }

  private async manifestFor(vehicleId: string, start: { from?: LngLat; headingDeg?: number | undefined } = {}): Promise<Manifest> {
    const live = this.deps.dispatcher.fleet.vehicles.get(vehicleId);
    // A copy: the route is awaited, and the manifest must show the schedule the route was drawn for.
    const vehicle = live ? { ...live, stops: live.stops.map((s) => ({ ...s })) } : undefined;
    let route: readonly LngLat[] = [];
    let steps: readonly RouteStep[] = [];
    const next = vehicle?.stops[0];
    if (vehicle && next) {
      try {
        const leg = await this.routeToStop(start.from ?? vehicle.position, next.location, start.headingDeg);
        route = leg.geometry.coordinates;
        steps = leg.legs[0]?.steps ?? [];
      } catch (e) {
        this.options.log(`no route from ${vehicleId} to its next stop; the manifest goes without one`, e);
      }
    }
    const streets = new Map<string, string>();
    for (const s of vehicle?.stops ?? []) streets.set(lngLatKey(s.location), await this.streetOf(s.location));
    return manifestView(vehicleId, vehicle, this.deps.dispatcher.fleet.trips, route, {
      policy: this.deps.dispatcher.policy ?? DEFAULT_POLICY,
      nowS: this.deps.clock.nowS(),
      streetOf: (p) => streets.get(lngLatKey(p)) ?? '',
      stepsToNext: steps,
    });
  }

  /**
   * The way to a stop with its turns, arriving on the curb side (the rider's side of the street, as the
   * dispatcher planned it). A heading asks for a start in the direction the bus drives; where no road fits it
   * (a GPS heading off by much), the route starts without it.
   */
  private async routeToStop(from: LngLat, stop: LngLat, headingDeg: number | undefined): Promise<RouteResult> {
    const options: RouteOptions = { steps: true, approaches: [null, STOP_APPROACH] };
    if (headingDeg !== undefined) {
      try {
        return await this.deps.router.route([from, stop], { ...options, bearings: [[Math.round(headingDeg) % 360, REROUTE_BEARING_RANGE_DEG], null] });
      } catch {
        // fall through: no road in that heading near the bus
      }
    }
    return this.deps.router.route([from, stop], options);
  }

  /** The street a stop is on (the router's nearest road), remembered per point: stops do not move streets. */
  private async streetOf(location: LngLat): Promise<string> {
    const key = lngLatKey(location);
    let name = this.streets.get(key);
    if (name === undefined) {
      try {
        name = (await this.deps.router.nearest(location)).name;
      } catch {
        name = '';
      }
      if (this.streets.size >= MAX_STREETS_KEPT) this.streets.clear();
      this.streets.set(key, name);
    }
    return name;
  }
}

const lngLatKey = (p: LngLat) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;

/** What a pass remembers of a vehicle: a change of schedule version or shift end is a change to push. */
interface VehicleMark {
  scheduleVersion: number;
  shiftEndS: number;
  position: LngLat;
}

function markOf(v: FleetVehicle): VehicleMark {
  return { scheduleVersion: v.scheduleVersion, shiftEndS: v.shiftEndS, position: v.position };
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
