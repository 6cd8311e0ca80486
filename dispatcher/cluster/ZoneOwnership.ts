import type { ZoneLockSession, ZoneRepository } from '../persistence/ZoneRepository';
import { planOwnership } from './planOwnership';

/** Heartbeat of zone ownership, with its default: a dead owner's zones are taken within about two of these. */
/** The lock of the event relay (PostgreSQL log → JetStream), beside the zones' (zone ids start at 1). */
export const RELAY_LOCK = 0;

export const OWNERSHIP_DEFAULTS = Object.freeze({ heartbeatMs: 500 });

export interface OwnershipEvents {
  /** This instance now holds the zone's lock: rebuild its fleet from PostgreSQL, then start deciding for it. */
  acquired(zone: number): Promise<void>;
  /** The zone is about to be handed back (rebalancing): stop deciding for it and finish what runs. */
  releasing(zone: number): Promise<void>;
  /** The lock session broke: the zone may already be someone else's. Stop deciding for it at once. */
  lost(zone: number): void;
  /** This instance now holds the relay lock: copy the event log into the stream (throws: the lock is let go, retried). */
  relayAcquired(): Promise<void>;
  /** The relay lock is let go (stop) or lost with the session: stop relaying. */
  relayStopped(): Promise<void>;
  /** A heartbeat failed (the database is away); `inARow` counts them. */
  failed(error: unknown, inARow: number): void;
}

/**
 * Which zones this instance owns: one PostgreSQL advisory lock per zone, held by this instance's lock session. Every
 * heartbeat compares the active zones and the live instances (sessions named anystop:*) with what it holds, and
 * takes or hands back zones to keep each instance at its fair share. A crash frees the locks with the connection.
 */
export class ZoneOwnership {
  private readonly held = new Set<number>();
  private known: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> = Promise.resolve();
  private failedInARow = 0;
  private stopped = false;
  private relaying = false;

  constructor(
    private readonly session: ZoneLockSession,
    private readonly zones: ZoneRepository,
    private readonly events: OwnershipEvents,
    private readonly options: { heartbeatMs: number } = OWNERSHIP_DEFAULTS,
  ) {}

  /** Zones owned now, ascending. */
  get owned(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /** Every active zone seen at the last heartbeat. */
  get knownZones(): readonly number[] {
    return this.known;
  }

  /** True while this instance runs the event relay. */
  get relays(): boolean {
    return this.relaying;
  }

  owns(zone: number): boolean {
    return this.held.has(zone);
  }

  /** Connects the lock session, runs a first heartbeat, and keeps beating. */
  async start(): Promise<void> {
    await this.session.connect();
    await this.beat();
    const tick = () => {
      this.beating = this.beat().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.heartbeatMs);
      });
    };
    this.timer = setTimeout(tick, this.options.heartbeatMs);
  }

  /** Runs one heartbeat now (tests step ownership with it). */
  beat(): Promise<void> {
    return this.heartbeat().catch((e: unknown) => this.events.failed(e, ++this.failedInARow));
  }

  /** Stops beating, hands every zone back (the others take them at their next heartbeat) and ends the session. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.beating;
    for (const zone of this.owned) {
      await this.events.releasing(zone);
      this.held.delete(zone);
    }
    if (this.relaying) {
      this.relaying = false;
      await this.events.relayStopped();
    }
    await this.session.close();
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    if (!this.session.connected) {
      // The session broke: PostgreSQL dropped its locks with it, so nothing held is ours any more.
      for (const zone of this.owned) {
        this.held.delete(zone);
        this.events.lost(zone);
      }
      if (this.relaying) {
        this.relaying = false;
        await this.events.relayStopped();
      }
      await this.session.close();
      await this.session.connect();
    }
    const [zones, live] = [await this.zones.activeZoneIds(), await this.session.liveInstances()];
    this.known = zones;
    const plan = planOwnership(this.held, zones, live);
    for (const zone of plan.release) {
      await this.events.releasing(zone);
      this.held.delete(zone);
      await this.session.unlock(zone);
    }
    let room = plan.room;
    for (const zone of plan.candidates) {
      if (room === 0 || this.stopped) break;
      if (!(await this.session.tryLock(zone))) continue;
      this.held.add(zone);
      room--;
      await this.events.acquired(zone);
    }
    if (!this.relaying && !this.stopped && (await this.session.tryLock(RELAY_LOCK))) {
      try {
        await this.events.relayAcquired();
        this.relaying = true;
      } catch (e) {
        await this.session.unlock(RELAY_LOCK);
        throw e;
      }
    }
    this.failedInARow = 0;
  }
}
