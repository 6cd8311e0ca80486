import type { Pool } from 'pg';
import { z } from 'zod';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import type { GeoJsonMultiPolygon, GeoJsonPolygon, LngLat, ServiceAreaRecord } from './records';
import { epochColumn, pointParam, timeParam } from './sqlFragments';
import { areaCoverage, type MultiPolygonCoordinates } from '../spatial/areaCoverage';

/**
 * How long the active areas read from PostgreSQL are trusted for coversAll before reading them again (another
 * instance, or SQL by hand, may have changed them; a change through this repository forgets them at once).
 */
export const SERVICE_AREA_CACHE_TTL_MS = 30_000;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z
  .array(position)
  .min(4, 'a linear ring needs at least 4 positions')
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'a linear ring must end where it starts');
const polygonCoordinates = z.array(ring).min(1, 'a polygon needs an outer ring');

/** A GeoJSON Polygon or MultiPolygon in [lon, lat] degrees (geometry only, not a Feature). */
export const serviceAreaGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoordinates).min(1, 'a MultiPolygon needs a polygon') }),
]);

export interface NewServiceArea {
  name: string;
  geometry: GeoJsonPolygon | GeoJsonMultiPolygon;
  atS: number;
}

interface AreaRow {
  id: number;
  name: string;
  active: boolean;
  geometry: GeoJsonMultiPolygon;
  created_at_s: number;
}

const AREA_COLUMNS = `id, name, active, ST_AsGeoJSON(geom)::json AS geometry, ${epochColumn('created_at')} AS created_at_s`;

function toAreaRecord(row: AreaRow): ServiceAreaRecord {
  return { id: row.id, name: row.name, active: row.active, geometry: row.geometry, createdAtS: row.created_at_s };
}

/**
 * Where the service runs. With no active area, covers() says false everywhere: a fresh installation serves nobody
 * until an operator draws its area (an open-to-the-world default would let the first request from anywhere in).
 */
export class ServiceAreaRepository {
  /** The active areas' coordinates and when they were read (Date.now()), or null until the next coversAll reads them. */
  private active: { areas: MultiPolygonCoordinates[]; readAtMs: number } | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly cacheTtlMs = SERVICE_AREA_CACHE_TTL_MS,
  ) {}

  /** Validates the shape (zod) and the geometry (ST_IsValid), then stores it as an active MultiPolygon. */
  async create(area: NewServiceArea): Promise<ServiceAreaRecord> {
    const parsed = serviceAreaGeometrySchema.safeParse(area.geometry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw new PersistenceError(
        PersistenceErrorCode.InvalidServiceArea,
        `Service area "${area.name}" is not a GeoJSON Polygon or MultiPolygon in [lon, lat]${where}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const geojson = JSON.stringify(parsed.data);
    const { rows: check } = await this.pool.query<{ valid: boolean; reason: string }>(
      'SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_GeomFromGeoJSON($1) AS g) AS x',
      [geojson],
    );
    if (!check[0]?.valid) {
      throw new PersistenceError(
        PersistenceErrorCode.InvalidServiceArea,
        `Service area "${area.name}" is not a valid polygon (${check[0]?.reason ?? 'unknown reason'}): fix self-intersections and ring order`,
      );
    }
    const { rows } = await this.pool.query<AreaRow>(
      `INSERT INTO service_areas (name, geom, active, created_at)
       VALUES ($1, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))::geography, true, ${timeParam(3)})
       RETURNING ${AREA_COLUMNS}`,
      [area.name, geojson, area.atS],
    );
    this.active = null;
    return toAreaRecord(rows[0]!);
  }

  /** All areas (or only the active ones), oldest first, as GeoJSON MultiPolygons. */
  async list(options: { activeOnly?: boolean } = {}): Promise<ServiceAreaRecord[]> {
    const { rows } = await this.pool.query<AreaRow>(
      `SELECT ${AREA_COLUMNS} FROM service_areas ${options.activeOnly ? 'WHERE active' : ''} ORDER BY id`,
    );
    return rows.map(toAreaRecord);
  }

  /** Turns an area on or off without losing it. False when there is no such area. */
  async setActive(id: number, active: boolean): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE service_areas SET active = $2 WHERE id = $1', [id, active]);
    this.active = null;
    return rowCount === 1;
  }

  /** False when there is no such area. */
  async delete(id: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM service_areas WHERE id = $1', [id]);
    this.active = null;
    return rowCount === 1;
  }

  /** True when an active area covers the point (its boundary included). False everywhere when no area is active. */
  async covers(point: LngLat): Promise<boolean> {
    const { rows } = await this.pool.query<{ covers: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM service_areas WHERE active AND ST_Covers(geom, ${pointParam(1)})) AS covers`,
      [[point[0], point[1]]],
    );
    return rows[0]?.covers ?? false;
  }

  /**
   * True when an active area covers every one of the points (a trip's two ends). PostGIS is the truth; a point far
   * from every edge of the active areas (a copy read at most cacheTtlMs ago) is answered here (areaCoverage), and only
   * the points near an edge go to PostGIS, in one round trip.
   */
  async coversAll(points: readonly LngLat[]): Promise<boolean> {
    if (points.length === 0) return true;
    const areas = await this.activeAreas();
    const unsure: LngLat[] = [];
    for (const p of points) {
      const coverage = areaCoverage(p, areas);
      if (coverage === 'outside') return false;
      if (coverage === 'unsure') unsure.push(p);
    }
    return unsure.length === 0 || this.coversAllInDatabase(unsure);
  }

  private async activeAreas(): Promise<MultiPolygonCoordinates[]> {
    const now = Date.now();
    if (this.active === null || now - this.active.readAtMs > this.cacheTtlMs || now < this.active.readAtMs) {
      const { rows } = await this.pool.query<{ geometry: GeoJsonMultiPolygon }>('SELECT ST_AsGeoJSON(geom)::json AS geometry FROM service_areas WHERE active ORDER BY id');
      this.active = { areas: rows.map((r) => r.geometry.coordinates), readAtMs: now };
    }
    return this.active.areas;
  }

  private async coversAllInDatabase(points: readonly LngLat[]): Promise<boolean> {
    const { rows } = await this.pool.query<{ covers: boolean }>(
      `SELECT bool_and(EXISTS (SELECT 1 FROM service_areas WHERE active AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography)))
         AS covers
       FROM unnest($1::float8[], $2::float8[]) AS p(lon, lat)`,
      [points.map((p) => p[0]), points.map((p) => p[1])],
    );
    return rows[0]?.covers ?? false;
  }
}
