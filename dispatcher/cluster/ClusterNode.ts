import { connect, ErrorCode, JSONCodec, type NatsConnection, NatsError, type Subscription } from 'nats';
import { ApiError } from '../errors/ApiError';
import type { DispatchService } from '../api/DispatchService';
import type { DispatcherMetrics } from '../observability/DispatcherMetrics';
import type { Logger } from '../observability/Logger';
import type { EventLogSource } from '../realtime/EventLogFollower';
import type { EventRecord } from '../persistence/records';
import { ZoneLockSession, ZoneRepository } from '../persistence/ZoneRepository';
import type { ChangeEvents } from '../realtime/ChangeFeed';
import type { Dispatcher } from '../service/Dispatcher';
import type { ReoptimizeRound } from '../service/Reoptimizer';
import { callDeadline } from '../service/CallDeadline';
import { ClusterService } from './ClusterService';
import { EventRelay } from './EventRelay';
import { EventStream, subjectPrefix } from './EventStream';
import { FleetCacheSync } from './FleetCacheSync';
import { JetStreamEventLog } from './JetStreamEventLog';
import { errorFromReply, type ForwardedCall, type ForwardedReply, type ForwardedRequest, isForwardedCall, replyForError } from './forwardedCalls';
import { OWNERSHIP_DEFAULTS, ZoneOwnership } from './ZoneOwnership';
import type { Pool } from 'pg';

/** Longest a forwarded decision waits for the owner (a decision routes and commits; the client may retry after). */
export const FORWARD_TIMEOUT_MS = 15_000;
/** The owner starts no change later than this before the forwarder stops waiting (its refusal must still arrive). */
export const FORWARD_DEADLINE_MARGIN_MS = 1000;
/** How often the vehicle → zone map is read again (vehicles seldom move depot). */
export const VEHICLE_ZONES_REFRESH_MS = 2000;

export interface ClusterOptions {
  natsUrl: string;
  /** The PostgreSQL every instance shares (zone locks need a session of their own). */
  databaseUrl: string;
  instanceId: string;
  pool: Pool;
  events: EventLogSource;
  dispatcher: Dispatcher;
  /** The dispatcher as this instance serves it (decisions counted in the metrics). */
  local: DispatchService;
  metrics: DispatcherMetrics;
  logger: Logger;
  heartbeatMs?: number;
}

type Position = ChangeEvents['position'][0];
const json = JSONCodec<unknown>();

/**
 * One instance's part in a cluster: zone ownership (PostgreSQL advisory locks), forwarding decisions to the owner of a
 * zone (NATS request/reply on `anystop.<database>.zone.<id>`), the event log carried by JetStream (one instance relays
 * PostgreSQL's log into the stream `anystop_<database>_events`, a subject per zone; every instance reads it, with
 * PostgreSQL's seq on each event, so clients resume from the same seq anywhere), the signal that an instance committed
 * (`anystop.<database>.events`: the relay reads the log at once) and the owners' GPS fixes (`anystop.<database>.positions`).
 */
export class ClusterNode {
  readonly service: ClusterService;
  private readonly subs = new Map<number, { sub: Subscription; inFlight: Set<Promise<void>> }>();
  private vehicleZones = new Map<string, number | null>();
  private zonesTimer: NodeJS.Timeout | null = null;
  private natsUp = true;
  private seedTurn = 0;
  private onRemoteCommit: () => void = () => {};

  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly zones: ZoneRepository,
    private readonly ownership: ZoneOwnership,
    private readonly cacheSync: FleetCacheSync,
    private readonly eventLog: JetStreamEventLog,
    private readonly relay: EventRelay,
    private readonly options: ClusterOptions,
  ) {
    this.service = new ClusterService(options.local, zones, (z) => ownership.owns(z), (zone, call, args) => this.forward(zone, call, args), (id) => this.vehicleZones.get(id));
  }

  static async start(options: ClusterOptions): Promise<ClusterNode> {
    const zones = new ZoneRepository(options.pool);
    const prefix = subjectPrefix(await zones.databaseName());
    const nc = await connect({ servers: options.natsUrl, name: options.instanceId, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    const { dispatcher, logger } = options;
    const [js, jsm] = [nc.jetstream(), await nc.jetstreamManager()];
    const stream = new EventStream(prefix);
    await stream.ensure(jsm);
    // `node` is set right below; the callbacks only run from begin() on.
    let node: ClusterNode | undefined;
    const eventLog = new JetStreamEventLog(js, jsm, stream, options.events, () => node?.cacheSync.nudge(), () => node?.status().nats === 'up');
    const relay = new EventRelay(js, stream, options.events, (e) => node!.zoneOfEvent(e), (e, n) => n === 1 && logger.warn({ err: String(e) }, 'relaying the event log to JetStream failed; retrying'));
    const ownership = new ZoneOwnership(
      new ZoneLockSession(options.databaseUrl, options.instanceId),
      zones,
      {
        acquired: (zone) => node!.acquired(zone),
        releasing: (zone) => node!.release(zone),
        lost: (zone) => node!.lost(zone),
        relayAcquired: async () => {
          const last = await stream.last(jsm);
          await relay.start(last?.eventSeq ?? (await options.events.latestSeq()));
          logger.info({ afterSeq: relay.seq }, 'relaying the event log to JetStream');
        },
        relayStopped: () => relay.stop(),
        failed: (e, inARow) => inARow === 1 && logger.warn({ err: String(e) }, 'zone heartbeat failed; retrying'),
      },
      { heartbeatMs: options.heartbeatMs ?? OWNERSHIP_DEFAULTS.heartbeatMs },
    );
    const cacheSync = new FleetCacheSync(
      eventLog,
      dispatcher.fleet,
      (ids) => zones.cacheKeys(ids),
      (ids) => dispatcher.resync.readBack(ids),
      () => node?.onRemoteCommit(),
      (e, n) => n === 1 && logger.warn({ err: String(e) }, 'fleet cache sync failed; retrying'),
    );
    node = new ClusterNode(nc, prefix, zones, ownership, cacheSync, eventLog, relay, options);
    await node.begin();
    return node;
  }

  private async begin(): Promise<void> {
    const { dispatcher, instanceId, logger } = this.options;
    void (async () => {
      for await (const s of this.nc.status()) {
        if (s.type === 'disconnect') this.natsUp = false;
        if (s.type === 'reconnect') this.natsUp = true;
        logger.info({ nats: s.type }, 'nats connection');
      }
    })();
    this.nc.subscribe(`${this.prefix}.events`, {
      callback: (_e, msg) => {
        const from = (json.decode(msg.data) as { from?: string }).from;
        if (from !== instanceId) this.remoteCommitted();
      },
    });
    this.nc.subscribe(`${this.prefix}.positions`, {
      callback: (_e, msg) => {
        const p = json.decode(msg.data) as Position & { from: string; offNetwork?: boolean };
        if (p.from === instanceId) return;
        const { from: _from, offNetwork, ...position } = p;
        // The cache follows the owner's fixes: this instance may plan on the vehicle, or take its zone over next.
        dispatcher.followFix(position.vehicleId, { location: position.location, atS: position.atS, offNetwork: offNetwork === true }).catch((e: unknown) => logger.warn({ err: String(e), vehicleId: position.vehicleId }, 'a fix from another instance was not applied'));
        dispatcher.changes.emit('position', position);
      },
    });
    dispatcher.changes.on('committed', () => {
      this.publish('events', { from: instanceId });
      this.relay.nudge(); // when this instance relays
    });
    dispatcher.changes.on(
      'position',
      (p) => this.ownership.owns(this.vehicleZones.get(p.vehicleId) ?? -1) && this.publish('positions', { ...p, offNetwork: dispatcher.fleet.vehicles.get(p.vehicleId)?.offNetwork === true, from: instanceId }),
    );
    await this.refreshVehicleZones();
    this.zonesTimer = setInterval(() => void this.refreshVehicleZones().catch(() => {}), VEHICLE_ZONES_REFRESH_MS);
    this.zonesTimer.unref();
    await this.eventLog.start();
    await this.cacheSync.start();
    await this.ownership.start();
    logger.info({ zones: this.ownership.owned, known: this.ownership.knownZones }, 'cluster: joined');
  }

  /**
   * The event log as this instance's websocket layer must read it: from the JetStream stream, no further than the
   * fleet cache has caught up.
   */
  eventLogForRealtime(): EventLogSource {
    return this.cacheSync.boundedLog(this.eventLog);
  }

  /** True while this instance relays the PostgreSQL event log into JetStream. */
  get relays(): boolean {
    return this.ownership.relays;
  }

  /** The zone an event is published under: its vehicle's (where the depot is), else its trip's start, else none. */
  async zoneOfEvent(e: EventRecord): Promise<number | null> {
    if (e.vehicleId !== null) return this.vehicleZones.has(e.vehicleId) ? (this.vehicleZones.get(e.vehicleId) ?? null) : this.zones.zoneOfVehicle(e.vehicleId);
    if (e.tripId !== null) return this.zones.zoneOfTrip(e.tripId);
    return null;
  }

  /**
   * Whether this instance answers for a trip's rider notifications by email/SMS: the owner of the zone the trip starts
   * in, or, for a trip outside every zone, the instance that relays the log (one of them at a time).
   */
  async sendsFor(tripId: string): Promise<boolean> {
    const zone = await this.zones.zoneOfTrip(tripId);
    return zone === null ? this.ownership.relays : this.ownership.owns(zone);
  }

  /** Told to this instance's websocket layer: read the event log now. */
  onRemoteCommitted(listener: () => void): void {
    this.onRemoteCommit = listener;
  }

  status(): { nats: 'up' | 'down'; zones: string[] } {
    return { nats: this.natsUp && !this.nc.isClosed() ? 'up' : 'down', zones: this.ownership.owned.map(String) };
  }

  zoneView(): { zone: string; owned: boolean }[] {
    return this.ownership.knownZones.map((z) => ({ zone: String(z), owned: this.ownership.owns(z) }));
  }

  /** A re-optimizer seed among the vehicles of the zones this instance owns (others' vehicles are their owners' to improve). */
  nextSeedVehicle(): string | null {
    const ids = [...this.options.dispatcher.fleet.vehicles.keys()].filter((id) => this.ownership.owns(this.vehicleZones.get(id) ?? -1)).sort();
    return ids.length === 0 ? null : ids[this.seedTurn++ % ids.length];
  }

  /** Runs the re-optimizer only around this instance's own vehicles. */
  wrapReoptimizerRound(round: (seed?: string, budget?: { maxIterations: number }) => Promise<ReoptimizeRound>): (seed?: string, budget?: { maxIterations: number }) => Promise<ReoptimizeRound> {
    return (seed, budget) => {
      const chosen = seed ?? this.nextSeedVehicle();
      if (chosen === null) return Promise.resolve({ seedVehicleId: null, vehicles: 0, improved: false, movedTrips: 0, discarded: false });
      return round(chosen, budget);
    };
  }

  /** Hands every zone back and leaves NATS. */
  async stop(): Promise<void> {
    if (this.zonesTimer) clearInterval(this.zonesTimer);
    await this.ownership.stop();
    await this.cacheSync.stop();
    await this.eventLog.stop();
    await this.nc.drain().catch(() => {});
  }

  /** Another instance appended to the log: the relay copies it into the stream (the readers follow the stream). */
  private remoteCommitted(): void {
    this.relay.nudge();
  }

  private publish(topic: string, body: unknown): void {
    if (!this.nc.isClosed()) this.nc.publish(`${this.prefix}.${topic}`, json.encode(body));
  }

  private async refreshVehicleZones(): Promise<void> {
    this.vehicleZones = await this.zones.vehicleZones();
  }

  private async acquired(zone: number): Promise<void> {
    const { dispatcher, logger, metrics } = this.options;
    // As a restart does: the zone's vehicles are read back from PostgreSQL before this instance decides for them.
    await this.refreshVehicleZones();
    const ids = [...this.vehicleZones].filter(([, z]) => z === zone).map(([id]) => id);
    if (ids.length > 0) dispatcher.resync.mark(ids);
    const inFlight = new Set<Promise<void>>();
    const sub = this.nc.subscribe(`${this.prefix}.zone.${zone}`, {
      callback: (_e, msg) => {
        const handled = this.answer(zone, msg.data).then((reply) => void msg.respond(json.encode(reply)));
        inFlight.add(handled);
        void handled.finally(() => inFlight.delete(handled));
      },
    });
    this.subs.set(zone, { sub, inFlight });
    metrics.zoneTakeovers.inc({ zone: String(zone) });
    logger.info({ zone, vehicles: ids.length }, 'zone acquired');
  }

  private async release(zone: number): Promise<void> {
    const entry = this.subs.get(zone);
    this.subs.delete(zone);
    if (!entry) return;
    entry.sub.unsubscribe();
    await Promise.allSettled([...entry.inFlight]);
    this.options.logger.info({ zone }, 'zone handed back');
  }

  private lost(zone: number): void {
    this.subs.get(zone)?.sub.unsubscribe();
    this.subs.delete(zone);
    this.options.logger.warn({ zone }, 'zone lost with the lock session');
  }

  private async answer(zone: number, data: Uint8Array): Promise<ForwardedReply> {
    const receivedAt = performance.now();
    try {
      const request = json.decode(data) as ForwardedRequest;
      if (!isForwardedCall(request.call) || !Array.isArray(request.args)) throw new ApiError('ValidationFailed', 'Not a forwarded call');
      if (request.zone !== zone || !this.ownership.owns(zone)) throw new ApiError('ZoneUnavailable', `This instance no longer owns zone ${zone}; retry`, { retryAfterS: 1 });
      const method = this.options.local[request.call] as (...a: unknown[]) => Promise<unknown>;
      const timeoutMs = typeof request.timeoutMs === 'number' && request.timeoutMs > 0 ? request.timeoutMs : FORWARD_TIMEOUT_MS;
      const deadline = receivedAt + timeoutMs - FORWARD_DEADLINE_MARGIN_MS;
      const value = await callDeadline.run(deadline, () => method.apply(this.options.local, request.args));
      return { ok: true, value: value ?? null };
    } catch (e) {
      if (!(e instanceof ApiError)) this.options.logger.error({ err: e instanceof Error ? e.stack : String(e), zone }, 'a forwarded call failed');
      return replyForError(e);
    }
  }

  private async forward<C extends ForwardedCall>(zone: number, call: C, args: Parameters<DispatchService[C]>): Promise<Awaited<ReturnType<DispatchService[C]>>> {
    const { metrics, instanceId } = this.options;
    // JSON would turn an argument left out (undefined) into null on the owner's side: trailing ones are dropped instead.
    const sent = [...args];
    while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop();
    const request: ForwardedRequest<C> = { zone, call, args: sent as Parameters<DispatchService[C]>, from: instanceId, timeoutMs: FORWARD_TIMEOUT_MS };
    let reply: ForwardedReply;
    try {
      const msg = await this.nc.request(`${this.prefix}.zone.${zone}`, json.encode(request), { timeout: FORWARD_TIMEOUT_MS });
      reply = json.decode(msg.data) as ForwardedReply;
    } catch (e) {
      metrics.forwarded.inc({ outcome: 'unreachable' });
      if (e instanceof NatsError && e.code === ErrorCode.NoResponders) {
        throw new ApiError('ZoneUnavailable', `No instance owns zone ${zone} right now (its owner just stopped; another takes it within seconds); retry`, { retryAfterS: 1, cause: e });
      }
      if (e instanceof NatsError && e.code === ErrorCode.Timeout) {
        throw new ApiError('ZoneUnavailable', `The owner of zone ${zone} did not answer in time; retry with the same Idempotency-Key`, { retryAfterS: 1, cause: e });
      }
      throw new ApiError('NatsUnavailable', 'This instance cannot reach the other instances (NATS); retry', { retryAfterS: 1, cause: e });
    }
    metrics.forwarded.inc({ outcome: reply.ok ? 'ok' : 'refused' });
    if (!reply.ok) throw errorFromReply(reply.error);
    return reply.value as Awaited<ReturnType<DispatchService[C]>>;
  }
}
