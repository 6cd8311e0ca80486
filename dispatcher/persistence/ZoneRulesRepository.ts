import type { Pool, PoolClient } from 'pg';
import type { BookingType, MultiPolygon, Polygon, Weekday } from '../standards/ServiceDescription';
import { WEEKDAYS, bookingRule } from '../standards/ServiceDescription';
import type { LngLat } from '../../routing/Router';
import type { RuleZone, ServiceRules, ZoneHours, ZonePair, ZonePairRule } from '../rules/ServiceRules';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import { lngLatColumn, pointParam, timeParam } from './sqlFragments';
import { withTransaction } from './withTransaction';

/** The zone's polygon from the GeoJSON text in placeholder $2, as service areas and zones store it. */
const GEOGRAPHY_FROM_GEOJSON_PARAM_2 = 'ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))::geography';
/** Calendars of an operator zone are named after it: `<zone>:w<i>` weekly spans, `<zone>:x<i>` dated extra spans. */
const calendarPrefix = (zoneId: string) => `${zoneId}:`;
/** An operator zone's weekly calendars run over all these dates (closed dates are their exceptions). */
const OPEN_START_DATE = '20000101';
const OPEN_END_DATE = '20991231';

/** Hours of an operator zone, in its own time zone: weekly spans, closed dates (holidays) and extra dated spans. */
export interface ZoneHoursInput {
  weekly: { days: Weekday[]; startS: number; endS: number }[];
  /** YYYYMMDD: no service that day. */
  closedDates: string[];
  /** YYYYMMDD with a span: service added that day. */
  extra: { date: string; startS: number; endS: number }[];
}

export interface ZoneInput {
  id: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  timezone: string | null;
  /** null: around the clock. */
  hours: ZoneHoursInput | null;
  maxWaitS: number | null;
  rideFactor: number | null;
  rideExtraS: number | null;
  bookingHorizonS: number | null;
  eligibleGroups: string[];
  maxWalkM: number;
  /** Rules from this zone to others (or to itself). */
  pairs: { toZoneId: string; rule: ZonePairRule; transferPoint: LngLat | null }[];
}

export interface ZoneRecord extends Omit<ZoneInput, 'timezone'> {
  source: 'gtfs' | 'operator';
  /** The zone's own, or the agency's, or UTC. */
  timezone: string;
  serviceAreaId: number | null;
}

interface ZoneRow {
  id: string; name: string; geometry: MultiPolygon; geometry_type: 'Polygon' | 'MultiPolygon'; source: 'gtfs' | 'operator'; timezone: string;
  max_wait_s: number | null; ride_factor: number | null; ride_extra_s: number | null; booking_horizon_s: number | null;
  eligible_groups: string[]; max_walk_m: number; service_area_id: number | null;
}

interface HoursRow {
  id: string; zone_id: string; to_zone_id: string; calendar_id: string; start_s: number; end_s: number; days: boolean[]; start_date: string; end_date: string;
  added: string[]; removed: string[]; booking_type: number | null; rule: Record<string, number | string | null> | null;
}

function geometryOf(row: ZoneRow): Polygon | MultiPolygon {
  return row.geometry_type === 'Polygon' && row.geometry.coordinates.length === 1 ? { type: 'Polygon', coordinates: row.geometry.coordinates[0]! } : row.geometry;
}

const int = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/**
 * Zones with their rules (hours, limits, eligibility, pairs), on the GTFS-Flex tables of migration 0007: an operator
 * zone is a service_zones row with its service area, calendars and hours like an imported one, so the same rules
 * judge both and the feeds export both. Riders' groups live beside them (RiderGroupRepository).
 */
export class ZoneRulesRepository {
  constructor(private readonly pool: Pool) {}

  /** Everything judgeServiceRules needs, in one read. */
  async loadRules(): Promise<ServiceRules> {
    const [zones, hours, pairs] = await Promise.all([this.zoneRows(), this.hoursRows(), this.pairRows()]);
    const zoneTz = new Map(zones.map((z) => [z.id, z.timezone]));
    return {
      zones: zones.map((z): RuleZone => ({
        id: z.id, name: z.name, geometry: geometryOf(z), source: z.source, timezone: z.timezone, maxWaitS: z.max_wait_s, rideFactor: z.ride_factor, rideExtraS: z.ride_extra_s,
        bookingHorizonS: z.booking_horizon_s, eligibleGroups: z.eligible_groups, maxWalkM: z.max_walk_m, serviceAreaId: z.service_area_id,
      })),
      hours: hours.filter((h) => zoneTz.has(h.zone_id)).map(toZoneHours),
      pairs,
    };
  }

  async list(): Promise<ZoneRecord[]> {
    const [zones, hours, pairs] = await Promise.all([this.zoneRows(), this.hoursRows(), this.pairRows()]);
    return zones.map((z) => toZoneRecord(z, hours, pairs));
  }

  async get(id: string): Promise<ZoneRecord | null> {
    return (await this.list()).find((z) => z.id === id) ?? null;
  }

  /** A new operator zone with its service area; false when the id is taken. */
  async create(zone: ZoneInput, atS: number): Promise<boolean> {
    return withTransaction(this.pool, async (c) => {
      const taken = await c.query('SELECT 1 FROM service_zones WHERE id = $1', [zone.id]);
      if (taken.rowCount) return false;
      const geojson = await validGeometry(c, zone);
      const { rows } = await c.query<{ id: number }>(`INSERT INTO service_areas (name, geom, active, created_at) VALUES ($1, ${GEOGRAPHY_FROM_GEOJSON_PARAM_2}, true, ${timeParam(3)}) RETURNING id`, [zone.name, geojson, atS]);
      await c.query(
        `INSERT INTO service_zones (id, name, geom, geometry_type, service_area_id, position, source) VALUES ($1, $3, ${GEOGRAPHY_FROM_GEOJSON_PARAM_2}, $4, $5, (SELECT coalesce(max(position) + 1, 0) FROM service_zones), 'operator')`,
        [zone.id, geojson, zone.name, zone.geometry.type, rows[0]!.id],
      );
      await writeRules(c, zone, atS);
      return true;
    });
  }

  /** Replaces an operator zone's polygon, hours and rules (an imported zone changes with the next import only); false when there is no such operator zone. */
  async update(zone: ZoneInput, atS: number): Promise<boolean> {
    return withTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ service_area_id: number | null }>(`SELECT service_area_id FROM service_zones WHERE id = $1 AND source = 'operator' FOR UPDATE`, [zone.id]);
      if (!rows[0]) return false;
      const geojson = await validGeometry(c, zone);
      await c.query(`UPDATE service_zones SET name = $3, geom = ${GEOGRAPHY_FROM_GEOJSON_PARAM_2}, geometry_type = $4 WHERE id = $1`, [zone.id, geojson, zone.name, zone.geometry.type]);
      if (rows[0].service_area_id !== null) await c.query(`UPDATE service_areas SET name = $3, geom = ${GEOGRAPHY_FROM_GEOJSON_PARAM_2} WHERE id = $1`, [rows[0].service_area_id, geojson, zone.name]);
      await c.query('DELETE FROM service_hours WHERE zone_id = $1', [zone.id]);
      await c.query('DELETE FROM service_calendars WHERE starts_with(id, $1)', [calendarPrefix(zone.id)]);
      await c.query('DELETE FROM zone_pairs WHERE from_zone_id = $1', [zone.id]);
      await writeRules(c, zone, atS);
      return true;
    });
  }

  /** Removes an operator zone, its service area, hours and pairs; false when there is no such operator zone. */
  async delete(id: string): Promise<boolean> {
    return withTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ service_area_id: number | null }>(`DELETE FROM service_zones WHERE id = $1 AND source = 'operator' RETURNING service_area_id`, [id]);
      if (!rows[0]) return false;
      await c.query('DELETE FROM service_calendars WHERE starts_with(id, $1)', [calendarPrefix(id)]);
      if (rows[0].service_area_id !== null) await c.query('DELETE FROM service_areas WHERE id = $1', [rows[0].service_area_id]);
      return true;
    });
  }

  private async zoneRows(): Promise<ZoneRow[]> {
    const { rows } = await this.pool.query<ZoneRow>(
      `SELECT z.id, z.name, ST_AsGeoJSON(z.geom)::json AS geometry, z.geometry_type, z.source,
              coalesce(z.timezone, (SELECT timezone FROM service_agency LIMIT 1), 'UTC') AS timezone,
              z.max_wait_s, z.ride_factor, z.ride_extra_s, z.booking_horizon_s, z.eligible_groups, z.max_walk_m, z.service_area_id
       FROM service_zones z ORDER BY z.position, z.id`,
    );
    return rows;
  }

  private async hoursRows(): Promise<HoursRow[]> {
    const { rows } = await this.pool.query<HoursRow>(
      `SELECT h.id, h.zone_id, h.to_zone_id, h.calendar_id, h.start_s, h.end_s, c.days,
              to_char(c.start_date, 'YYYYMMDD') AS start_date, to_char(c.end_date, 'YYYYMMDD') AS end_date,
              coalesce((SELECT array_agg(to_char(d.date, 'YYYYMMDD') ORDER BY d.date) FROM service_calendar_dates d WHERE d.calendar_id = c.id AND d.exception_type = 1), '{}') AS added,
              coalesce((SELECT array_agg(to_char(d.date, 'YYYYMMDD') ORDER BY d.date) FROM service_calendar_dates d WHERE d.calendar_id = c.id AND d.exception_type = 2), '{}') AS removed,
              r.booking_type, to_jsonb(r.*) AS rule
       FROM service_hours h JOIN service_calendars c ON c.id = h.calendar_id
       LEFT JOIN booking_rules r ON r.id = h.pickup_booking_rule_id
       ORDER BY h.position, h.id`,
    );
    return rows;
  }

  private async pairRows(): Promise<ZonePair[]> {
    const { rows } = await this.pool.query<{ from_zone_id: string; to_zone_id: string; rule: ZonePairRule; transfer_point: [number, number] | null }>(
      `SELECT from_zone_id, to_zone_id, rule, ${lngLatColumn('transfer_point')} AS transfer_point FROM zone_pairs ORDER BY from_zone_id, to_zone_id`,
    );
    return rows.map((r) => ({ fromZoneId: r.from_zone_id, toZoneId: r.to_zone_id, rule: r.rule, transferPoint: r.transfer_point }));
  }
}

function toZoneHours(h: HoursRow): ZoneHours {
  const r = h.rule;
  return {
    id: h.id, zoneId: h.zone_id, toZoneId: h.to_zone_id, calendarId: h.calendar_id, days: WEEKDAYS.filter((_, i) => h.days[i]),
    startDate: h.start_date, endDate: h.end_date, addedDates: h.added, removedDates: h.removed, startS: h.start_s, endS: h.end_s,
    pickupBookingRule: r === null || h.booking_type === null ? null : bookingRule(String(r.id), h.booking_type as BookingType, {
      priorNoticeDurationMin: int(r.prior_notice_duration_min), priorNoticeDurationMax: int(r.prior_notice_duration_max),
      priorNoticeLastDay: int(r.prior_notice_last_day), priorNoticeLastTimeS: int(r.prior_notice_last_time_s),
      priorNoticeStartDay: int(r.prior_notice_start_day), priorNoticeStartTimeS: int(r.prior_notice_start_time_s),
    }),
  };
}

/** The API's view of a zone: an operator zone's hours come back as they were entered; an imported zone's as weekly spans. */
function toZoneRecord(z: ZoneRow, hours: HoursRow[], pairs: ZonePair[]): ZoneRecord {
  const own = hours.filter((h) => h.zone_id === z.id && h.to_zone_id === z.id);
  const weekly = own.filter((h) => h.days.some(Boolean)).map((h) => ({ days: WEEKDAYS.filter((_, i) => h.days[i]), startS: h.start_s, endS: h.end_s }));
  const extra = own.filter((h) => !h.days.some(Boolean)).flatMap((h) => h.added.map((date) => ({ date, startS: h.start_s, endS: h.end_s })));
  const closedDates = [...new Set(own.filter((h) => h.days.some(Boolean)).flatMap((h) => h.removed))].sort();
  return {
    id: z.id, name: z.name, geometry: geometryOf(z), source: z.source, timezone: z.timezone,
    hours: own.length === 0 ? null : { weekly, closedDates, extra },
    maxWaitS: z.max_wait_s, rideFactor: z.ride_factor, rideExtraS: z.ride_extra_s, bookingHorizonS: z.booking_horizon_s,
    eligibleGroups: z.eligible_groups, maxWalkM: z.max_walk_m, serviceAreaId: z.service_area_id,
    pairs: pairs.filter((p) => p.fromZoneId === z.id).map((p) => ({ toZoneId: p.toZoneId, rule: p.rule, transferPoint: p.transferPoint })),
  };
}

async function validGeometry(c: PoolClient, zone: ZoneInput): Promise<string> {
  const geojson = JSON.stringify(zone.geometry);
  const { rows } = await c.query<{ valid: boolean; reason: string }>('SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_GeomFromGeoJSON($1) AS g) AS x', [geojson]);
  if (!rows[0]?.valid) throw new PersistenceError(PersistenceErrorCode.InvalidServiceArea, `Zone "${zone.id}" is not a valid polygon (${rows[0]?.reason ?? 'unknown reason'}): fix self-intersections and ring order`);
  return geojson;
}

/** The zone's limits, its hours as calendars + service_hours (zone → itself) and its pairs. */
async function writeRules(c: PoolClient, zone: ZoneInput, atS: number): Promise<void> {
  await c.query(
    `UPDATE service_zones SET timezone = $2, max_wait_s = $3, ride_factor = $4, ride_extra_s = $5, booking_horizon_s = $6, eligible_groups = $7, max_walk_m = $8, updated_at = ${timeParam(9)} WHERE id = $1`,
    [zone.id, zone.timezone, zone.maxWaitS, zone.rideFactor, zone.rideExtraS, zone.bookingHorizonS, zone.eligibleGroups, zone.maxWalkM, atS],
  );
  const spans: { calendarId: string; days: boolean[]; startDate: string; endDate: string; added: string[]; removed: string[]; startS: number; endS: number }[] = [];
  zone.hours?.weekly.forEach((w, i) => spans.push({ calendarId: `${calendarPrefix(zone.id)}w${i}`, days: WEEKDAYS.map((d) => w.days.includes(d)), startDate: OPEN_START_DATE, endDate: OPEN_END_DATE, added: [], removed: zone.hours!.closedDates, startS: w.startS, endS: w.endS }));
  zone.hours?.extra.forEach((x, i) => spans.push({ calendarId: `${calendarPrefix(zone.id)}x${i}`, days: WEEKDAYS.map(() => false), startDate: x.date, endDate: x.date, added: [x.date], removed: [], startS: x.startS, endS: x.endS }));
  for (const s of spans) {
    await c.query(`INSERT INTO service_calendars (id, days, start_date, end_date, position) VALUES ($1, $2, to_date($3, 'YYYYMMDD'), to_date($4, 'YYYYMMDD'), (SELECT coalesce(max(position) + 1, 0) FROM service_calendars))`, [s.calendarId, s.days, s.startDate, s.endDate]);
    for (const [dates, type] of [[s.added, 1], [s.removed, 2]] as const) {
      for (const date of dates) await c.query(`INSERT INTO service_calendar_dates (calendar_id, date, exception_type) VALUES ($1, to_date($2, 'YYYYMMDD'), $3)`, [s.calendarId, date, type]);
    }
    await c.query(
      `INSERT INTO service_hours (id, zone_id, to_zone_id, calendar_id, start_s, end_s, position) VALUES ($1, $2, $2, $1, $3, $4, (SELECT coalesce(max(position) + 1, 0) FROM service_hours))`,
      [s.calendarId, zone.id, s.startS, s.endS],
    );
  }
  for (const p of zone.pairs) {
    const known = await c.query('SELECT 1 FROM service_zones WHERE id = $1', [p.toZoneId]);
    if (!known.rowCount) throw new PersistenceError(PersistenceErrorCode.InvalidServiceArea, `Zone pair to "${p.toZoneId}": there is no such zone; create it first`);
    await c.query(`INSERT INTO zone_pairs (from_zone_id, to_zone_id, rule, transfer_point) VALUES ($1, $2, $3, ${pointParam(4)})`, [zone.id, p.toZoneId, p.rule, p.transferPoint]);
  }
}
