import type { Pool, PoolClient } from 'pg';
import { type BookingType, type MultiPolygon, type ServiceDescription, WEEKDAYS } from '../standards/ServiceDescription';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import { epochColumn, timeParam } from './sqlFragments';
import { withTransaction } from './withTransaction';

/** The zone's polygon from the GeoJSON text in placeholder $2, as the geography service areas and zones store. */
const GEOGRAPHY_FROM_GEOJSON_PARAM_2 = 'ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))::geography';

/** What an import wrote: the service areas made from its zones (zone id → service area id). */
export interface ServiceRulesWritten {
  areaIds: Record<string, number>;
}

/**
 * The published service rules (migration 0007): operator, zones, calendars with dated exceptions, booking rules and
 * hours. An import replaces all of them in one transaction, and each zone becomes an active service area (the areas of
 * the previous import are removed with it), so the dispatcher serves exactly what the feed says.
 */
export class ServiceRulesRepository {
  constructor(private readonly pool: Pool) {}

  /** The imported service and when it was imported, or null when nothing was imported yet. */
  async load(): Promise<{ service: ServiceDescription; importedAtS: number } | null> {
    const { rows: agencies } = await this.pool.query<{ id: string; name: string; url: string; timezone: string; lang: string | null; phone: string | null; route_id: string; route_name: string; imported_at_s: number }>(
      `SELECT id, name, url, timezone, lang, phone, route_id, route_name, ${epochColumn('imported_at')} AS imported_at_s FROM service_agency LIMIT 1`,
    );
    const a = agencies[0];
    if (!a) return null;
    const [zones, calendars, dates, rules, hours] = await Promise.all([
      this.pool.query<{ id: string; name: string; geometry: MultiPolygon; geometry_type: 'Polygon' | 'MultiPolygon' }>(
        'SELECT id, name, ST_AsGeoJSON(geom)::json AS geometry, geometry_type FROM service_zones ORDER BY position',
      ),
      this.pool.query<{ id: string; days: boolean[]; start_date: string; end_date: string }>(
        `SELECT id, days, to_char(start_date, 'YYYYMMDD') AS start_date, to_char(end_date, 'YYYYMMDD') AS end_date FROM service_calendars ORDER BY position`,
      ),
      this.pool.query<{ calendar_id: string; date: string; exception_type: number }>(
        `SELECT calendar_id, to_char(date, 'YYYYMMDD') AS date, exception_type FROM service_calendar_dates ORDER BY calendar_id, date`,
      ),
      this.pool.query<Record<string, string | number | null>>('SELECT * FROM booking_rules ORDER BY position'),
      this.pool.query<{ id: string; zone_id: string; to_zone_id: string; calendar_id: string; start_s: number; end_s: number; pickup_booking_rule_id: string | null; drop_off_booking_rule_id: string | null }>(
        'SELECT * FROM service_hours ORDER BY position',
      ),
    ]);
    const str = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
    const int = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
    const service: ServiceDescription = {
      agency: { id: a.id, name: a.name, url: a.url, timezone: a.timezone, lang: a.lang, phone: a.phone },
      routeId: a.route_id,
      routeName: a.route_name,
      zones: zones.rows.map((z) => ({
        id: z.id,
        name: z.name,
        geometry: z.geometry_type === 'Polygon' && z.geometry.coordinates.length === 1 ? { type: 'Polygon', coordinates: z.geometry.coordinates[0]! } : z.geometry,
      })),
      calendars: calendars.rows.map((c) => ({
        id: c.id,
        days: WEEKDAYS.filter((_, i) => c.days[i]),
        startDate: c.start_date,
        endDate: c.end_date,
        addedDates: dates.rows.filter((d) => d.calendar_id === c.id && d.exception_type === 1).map((d) => d.date),
        removedDates: dates.rows.filter((d) => d.calendar_id === c.id && d.exception_type === 2).map((d) => d.date),
      })),
      bookingRules: rules.rows.map((r) => ({
        id: String(r.id),
        bookingType: Number(r.booking_type) as BookingType,
        priorNoticeDurationMin: int(r.prior_notice_duration_min),
        priorNoticeDurationMax: int(r.prior_notice_duration_max),
        priorNoticeLastDay: int(r.prior_notice_last_day),
        priorNoticeLastTimeS: int(r.prior_notice_last_time_s),
        priorNoticeStartDay: int(r.prior_notice_start_day),
        priorNoticeStartTimeS: int(r.prior_notice_start_time_s),
        priorNoticeServiceId: str(r.prior_notice_service_id),
        message: str(r.message),
        pickupMessage: str(r.pickup_message),
        dropOffMessage: str(r.drop_off_message),
        phoneNumber: str(r.phone_number),
        infoUrl: str(r.info_url),
        bookingUrl: str(r.booking_url),
      })),
      hours: hours.rows.map((h) => ({
        id: h.id,
        zoneId: h.zone_id,
        toZoneId: h.to_zone_id,
        calendarId: h.calendar_id,
        startS: h.start_s,
        endS: h.end_s,
        pickupBookingRuleId: h.pickup_booking_rule_id,
        dropOffBookingRuleId: h.drop_off_booking_rule_id,
      })),
    };
    return { service, importedAtS: a.imported_at_s };
  }

  /** Replaces every rule with `service` and its zones' service areas, in one transaction. */
  async replace(service: ServiceDescription, atS: number): Promise<ServiceRulesWritten> {
    return withTransaction(this.pool, async (c) => {
      await c.query('DELETE FROM service_areas WHERE id IN (SELECT service_area_id FROM service_zones WHERE service_area_id IS NOT NULL)');
      await c.query('DELETE FROM service_hours; DELETE FROM booking_rules; DELETE FROM service_calendar_dates; DELETE FROM service_calendars; DELETE FROM service_zones; DELETE FROM service_agency;');
      const a = service.agency;
      await c.query(`INSERT INTO service_agency (id, name, url, timezone, lang, phone, route_id, route_name, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${timeParam(9)})`, [
        a.id, a.name, a.url, a.timezone, a.lang, a.phone, service.routeId, service.routeName, atS,
      ]);
      const areaIds: Record<string, number> = {};
      for (const [i, z] of service.zones.entries()) areaIds[z.id] = await insertZone(c, z, i, atS);
      for (const [i, cal] of service.calendars.entries()) {
        await c.query(`INSERT INTO service_calendars (id, days, start_date, end_date, position) VALUES ($1, $2, to_date($3, 'YYYYMMDD'), to_date($4, 'YYYYMMDD'), $5)`, [
          cal.id, WEEKDAYS.map((d) => cal.days.includes(d)), cal.startDate, cal.endDate, i,
        ]);
        for (const [dates, type] of [[cal.addedDates, 1], [cal.removedDates, 2]] as const) {
          for (const date of dates) await c.query(`INSERT INTO service_calendar_dates (calendar_id, date, exception_type) VALUES ($1, to_date($2, 'YYYYMMDD'), $3)`, [cal.id, date, type]);
        }
      }
      for (const [i, r] of service.bookingRules.entries()) {
        await c.query(
          `INSERT INTO booking_rules (id, booking_type, prior_notice_duration_min, prior_notice_duration_max, prior_notice_last_day, prior_notice_last_time_s, prior_notice_start_day,
             prior_notice_start_time_s, prior_notice_service_id, message, pickup_message, drop_off_message, phone_number, info_url, booking_url, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [r.id, r.bookingType, r.priorNoticeDurationMin, r.priorNoticeDurationMax, r.priorNoticeLastDay, r.priorNoticeLastTimeS, r.priorNoticeStartDay, r.priorNoticeStartTimeS, r.priorNoticeServiceId, r.message, r.pickupMessage, r.dropOffMessage, r.phoneNumber, r.infoUrl, r.bookingUrl, i],
        );
      }
      for (const [i, h] of service.hours.entries()) {
        await c.query(
          `INSERT INTO service_hours (id, zone_id, to_zone_id, calendar_id, start_s, end_s, pickup_booking_rule_id, drop_off_booking_rule_id, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [h.id, h.zoneId, h.toZoneId, h.calendarId, h.startS, h.endS, h.pickupBookingRuleId, h.dropOffBookingRuleId, i],
        );
      }
      return { areaIds };
    });
  }
}

/** A zone and its service area; PostGIS must find the polygon valid. Returns the service area's id. */
async function insertZone(c: PoolClient, zone: ServiceDescription['zones'][number], position: number, atS: number): Promise<number> {
  const geojson = JSON.stringify(zone.geometry);
  const { rows: check } = await c.query<{ valid: boolean; reason: string }>('SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_GeomFromGeoJSON($1) AS g) AS x', [geojson]);
  if (!check[0]?.valid) throw new PersistenceError(PersistenceErrorCode.InvalidServiceArea, `Zone "${zone.id}" is not a valid polygon (${check[0]?.reason ?? 'unknown reason'})`);
  const { rows } = await c.query<{ id: number }>(`INSERT INTO service_areas (name, geom, active, created_at) VALUES ($1, ${GEOGRAPHY_FROM_GEOJSON_PARAM_2}, true, ${timeParam(3)}) RETURNING id`, [zone.name, geojson, atS]);
  const areaId = rows[0]!.id;
  await c.query(`INSERT INTO service_zones (id, name, geom, geometry_type, service_area_id, position) VALUES ($1, $3, ${GEOGRAPHY_FROM_GEOJSON_PARAM_2}, $4, $5, $6)`, [zone.id, geojson, zone.name, zone.geometry.type, areaId, position]);
  return areaId;
}
