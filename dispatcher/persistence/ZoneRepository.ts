import { Client, type Pool } from 'pg';
import type { LngLat } from '../../routing/Router';
import { pointParam } from './sqlFragments';

/** What the cluster reads to place a request in its zone (an active service area) and to tell a stale cache. */
export interface VehicleCacheKey {
  vehicleId: string;
  scheduleVersion: number;
  /** The active shift's end (epoch s), or null off shift. */
  shiftEndS: number | null;
  /** Open (planned or arrived) stops: a vehicle off shift with stops stays in the fleet. */
  openStops: number;
}

/** Zones are active service areas, by id; their owners are told apart with PostgreSQL advisory locks (ZoneLockSession). */
export class ZoneRepository {
  constructor(private readonly pool: Pool) {}

  /** Active service area ids, ascending. */
  async activeZoneIds(): Promise<number[]> {
    const { rows } = await this.pool.query<{ id: number }>('SELECT id FROM service_areas WHERE active ORDER BY id');
    return rows.map((r) => r.id);
  }

  /** The active area covering the point (the lowest id when areas overlap), or null outside every area. */
  async zoneAt(point: LngLat): Promise<number | null> {
    const { rows } = await this.pool.query<{ id: number }>(`SELECT id FROM service_areas WHERE active AND ST_Covers(geom, ${pointParam(1)}) ORDER BY id LIMIT 1`, [[point[0], point[1]]]);
    return rows[0]?.id ?? null;
  }

  /** The zone of a trip (where it starts), or null for an unknown trip or a start outside every area. */
  async zoneOfTrip(tripId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ id: number | null }>(
      `SELECT (SELECT a.id FROM service_areas a WHERE a.active AND ST_Covers(a.geom, t.origin::geography) ORDER BY a.id LIMIT 1) AS id
       FROM trips t WHERE t.id = $1`,
      [tripId],
    );
    return rows[0]?.id ?? null;
  }

  /** The zone of a vehicle (where its depot is), or null for an unknown vehicle or a depot outside every area. */
  async zoneOfVehicle(vehicleId: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ id: number | null }>(
      `SELECT (SELECT a.id FROM service_areas a WHERE a.active AND ST_Covers(a.geom, v.depot::geography) ORDER BY a.id LIMIT 1) AS id
       FROM vehicles v WHERE v.id = $1`,
      [vehicleId],
    );
    return rows[0]?.id ?? null;
  }

  /** Every vehicle's zone (where its depot is; null outside every area). */
  async vehicleZones(): Promise<Map<string, number | null>> {
    const { rows } = await this.pool.query<{ id: string; zone: number | null }>(
      `SELECT v.id, (SELECT a.id FROM service_areas a WHERE a.active AND ST_Covers(a.geom, v.depot::geography) ORDER BY a.id LIMIT 1) AS zone FROM vehicles v`,
    );
    return new Map(rows.map((r) => [r.id, r.zone]));
  }

  /** The database's name: instances of one service share it (NATS subjects are named after it). */
  async databaseName(): Promise<string> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT current_database() AS name');
    return rows[0].name;
  }

  /** Schedule version, shift and open stops of these vehicles as PostgreSQL holds them now. */
  async cacheKeys(vehicleIds: readonly string[]): Promise<VehicleCacheKey[]> {
    const { rows } = await this.pool.query<{ id: string; schedule_version: number; shift_end_s: string | null; open_stops: string }>(
      `SELECT v.id, v.schedule_version,
              (SELECT extract(epoch FROM s.ends_at) FROM shifts s WHERE s.vehicle_id = v.id AND s.state = 'active' LIMIT 1) AS shift_end_s,
              (SELECT count(*) FROM stops st WHERE st.vehicle_id = v.id AND st.state IN ('planned', 'arrived') AND st.shift_id IS NULL) AS open_stops
       FROM vehicles v WHERE v.id = ANY($1::text[])`,
      [vehicleIds],
    );
    return rows.map((r) => ({ vehicleId: r.id, scheduleVersion: r.schedule_version, shiftEndS: r.shift_end_s === null ? null : Number(r.shift_end_s), openStops: Number(r.open_stops) }));
  }
}

/** The two-int advisory lock space of zone leases: (ZONE_LOCK_CLASS, zone id). Advisory locks are per database. */
export const ZONE_LOCK_CLASS = 0x616e7973; // 'anys'

/**
 * One PostgreSQL session of its own that holds this instance's zone locks (pg_try_advisory_lock). They last as long
 * as the session: when the process dies (kill -9 included) its connection closes and PostgreSQL frees them at once.
 * The session is named `anystop:<instance>` so every instance can count the live ones (pg_stat_activity).
 */
export class ZoneLockSession {
  private client: Client | null = null;
  private broken = false;

  constructor(
    private readonly databaseUrl: string,
    readonly instanceId: string,
  ) {}

  get connected(): boolean {
    return this.client !== null && !this.broken;
  }

  async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: `anystop:${this.instanceId}`, connectionTimeoutMillis: 2000 });
    client.on('error', () => {
      this.broken = true;
    });
    await client.connect();
    this.client = client;
    this.broken = false;
  }

  /** True when this session now holds the zone's lock (or already did). */
  async tryLock(zone: number): Promise<boolean> {
    const { rows } = await this.must().query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [ZONE_LOCK_CLASS, zone]);
    return rows[0]?.got ?? false;
  }

  async unlock(zone: number): Promise<void> {
    await this.must().query('SELECT pg_advisory_unlock($1, $2)', [ZONE_LOCK_CLASS, zone]);
  }

  /** Zones whose lock this session holds, as PostgreSQL sees it (the truth after a doubt). */
  async heldZones(): Promise<number[]> {
    const { rows } = await this.must().query<{ objid: string }>(
      `SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid AND pid = pg_backend_pid() AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [ZONE_LOCK_CLASS],
    );
    return rows.map((r) => Number(r.objid)).sort((a, b) => a - b);
  }

  /** Instances with a lock session on this database now, this one included. */
  async liveInstances(): Promise<number> {
    const { rows } = await this.must().query<{ n: string }>(`SELECT count(DISTINCT application_name) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'anystop:%'`);
    return Number(rows[0]?.n ?? 1);
  }

  /** Ends the session: every zone lock it held is free for the others. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }

  private must(): Client {
    if (!this.client || this.broken) throw new Error('the zone lock session is not connected');
    return this.client;
  }
}
