import type { FleetState } from '../fleet/FleetState';
import type { VehicleCacheKey } from '../persistence/ZoneRepository';
import type { EventRecord } from '../persistence/records';
import { EventLogFollower, type EventLogSource } from '../realtime/EventLogFollower';
import { changesFromEvents } from '../realtime/changesFromEvents';

/** How often the cache is compared with the log when no NATS message says another instance committed. */
export const CACHE_SYNC_POLL_MS = 1000;

/** A cached vehicle differs from PostgreSQL (another instance changed it), or is missing from or extra in the fleet. */
export function isStale(cached: { scheduleVersion: number; shiftEndS: number } | undefined, key: VehicleCacheKey): boolean {
  const inFleet = key.shiftEndS !== null || key.openStops > 0;
  if (!cached) return inFleet;
  if (!inFleet || cached.scheduleVersion !== key.scheduleVersion) return true;
  return key.shiftEndS !== null && Math.round(cached.shiftEndS) !== Math.round(key.shiftEndS);
}

/**
 * Keeps this instance's fleet cache in step with the other instances' commits: it follows the event log and reads
 * back (FleetResync) the vehicles whose schedule version or shift in PostgreSQL is not the cached one. What this
 * instance committed itself matches already and costs one small query, not a reload.
 */
export class FleetCacheSync {
  private readonly follower: EventLogFollower;

  constructor(
    events: EventLogSource,
    private readonly fleet: FleetState,
    private readonly cacheKeys: (vehicleIds: readonly string[]) => Promise<VehicleCacheKey[]>,
    private readonly readBack: (vehicleIds: string[]) => Promise<void>,
    /** After each page, once the cache holds what it says: the websocket layer reads the log then, never before. */
    private readonly caughtUp: () => void,
    onError: (error: unknown, inARow: number) => void,
  ) {
    this.follower = new EventLogFollower(events, (page) => this.apply(page), { pollIntervalMs: CACHE_SYNC_POLL_MS, minPassGapMs: 20, pageSize: 500, onError });
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  /** The last seq whose changes the cache holds. */
  get seq(): number {
    return this.follower.seq;
  }

  /**
   * The event log as far as the cache has caught up with it: the websocket layer reads through this, so it never
   * pushes a manifest or trip view from a cache that has not read back what another instance changed.
   */
  boundedLog(log: EventLogSource): EventLogSource {
    return {
      listAfter: async (afterSeq, limit) => (await log.listAfter(afterSeq, limit)).filter((e) => e.seq <= this.follower.seq),
      latestSeq: async () => Math.min(await log.latestSeq(), this.follower.seq),
    };
  }

  /** Another instance committed: read the log now. */
  nudge(): void {
    this.follower.nudge();
  }

  idle(): Promise<void> {
    return this.follower.idle();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  private async apply(page: EventRecord[]): Promise<void> {
    const ids = [...changesFromEvents(page).vehicles.keys()];
    if (ids.length > 0) {
      const keys = await this.cacheKeys(ids);
      const stale = keys.filter((k) => isStale(this.fleet.vehicles.get(k.vehicleId), k)).map((k) => k.vehicleId);
      if (stale.length > 0) await this.readBack(stale);
    }
    // After the follower moved its cursor past this page (it does once this returns), so readers bounded by it see the page.
    if (page.length > 0) setImmediate(this.caughtUp);
  }
}
