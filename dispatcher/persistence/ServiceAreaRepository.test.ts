import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { GANGNAM_STATION, GARAK_MARKET, JAMSIL_STATION, OLYMPIC_PARK, SONGPA_AREA, T0 } from '../../test-support/dbFixtures';
import type { Pool } from 'pg';
import type { LngLat } from './records';
import { isPersistenceError } from './PersistenceError';
import { ServiceAreaRepository } from './ServiceAreaRepository';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('service areas', () => {
  test('no area defined yet: every point is outside', async () => {
    expect(await t.db.repos.serviceAreas.covers(OLYMPIC_PARK)).toBe(false);
  });

  test('Songpa polygon: Olympic Park and Jamsil station inside, Gangnam station and Garak market outside', async () => {
    const areas = t.db.repos.serviceAreas;
    const area = await areas.create({ name: 'Songpa', geometry: SONGPA_AREA, atS: T0 });
    expect(area).toMatchObject({ name: 'Songpa', active: true, createdAtS: T0 });
    expect(await areas.covers(OLYMPIC_PARK)).toBe(true);
    expect(await areas.covers(JAMSIL_STATION)).toBe(true);
    expect(await areas.covers(GANGNAM_STATION)).toBe(false);
    expect(await areas.covers(GARAK_MARKET)).toBe(false);
    // both ends of a trip in one round trip: covered only when each one is
    expect(await areas.coversAll([OLYMPIC_PARK, JAMSIL_STATION])).toBe(true);
    expect(await areas.coversAll([OLYMPIC_PARK, GANGNAM_STATION])).toBe(false);
    expect(await areas.coversAll([GARAK_MARKET, JAMSIL_STATION])).toBe(false);
    await areas.delete(area.id);
    expect(await areas.coversAll([OLYMPIC_PARK, JAMSIL_STATION])).toBe(false);
  });

  test('coversAll answers as PostGIS does on a grid across the area and a few metres either side of its edges', async () => {
    const areas = t.db.repos.serviceAreas;
    const area = await areas.create({ name: 'Songpa grid', geometry: SONGPA_AREA, atS: T0 });
    const ring = SONGPA_AREA.coordinates[0]!;
    const points: LngLat[] = [];
    for (let i = 0; i <= 12; i++) for (let j = 0; j <= 12; j++) points.push([127.07 + i * 0.006, 37.50 + j * 0.004]);
    const metre = 1 / 111_195;
    for (let k = 1; k < ring.length; k++) {
      const [a, b] = [ring[k - 1]!, ring[k]!];
      for (const f of [0.1, 0.5, 0.9]) {
        for (const off of [-30, -4, -1, 1, 4, 30]) {
          // Offset across the edge (the edges of SONGPA_AREA run along a meridian or a parallel).
          const x = a[0] + f * (b[0] - a[0]) + (a[0] === b[0] ? off * metre / Math.cos((37.52 * Math.PI) / 180) : 0);
          const y = a[1] + f * (b[1] - a[1]) + (a[1] === b[1] ? off * metre : 0);
          points.push([x, y]);
        }
      }
    }
    for (const p of points) expect([p, await areas.coversAll([p])]).toEqual([p, await areas.covers(p)]);
    await areas.delete(area.id);
  });

  test('a point far from every edge costs no round trip once the areas are read; one near an edge asks PostGIS', async () => {
    const area = await t.db.repos.serviceAreas.create({ name: 'Songpa counted', geometry: SONGPA_AREA, atS: T0 });
    let queries = 0;
    const counting = { query: (text: string, values?: unknown[]) => (queries++, t.db.pool.query(text, values)) } as unknown as Pool;
    const areas = new ServiceAreaRepository(counting);
    expect(await areas.coversAll([OLYMPIC_PARK, JAMSIL_STATION])).toBe(true);
    expect(queries).toBe(1); // the areas, read once
    expect(await areas.coversAll([OLYMPIC_PARK, JAMSIL_STATION])).toBe(true);
    expect(await areas.coversAll([GANGNAM_STATION])).toBe(false);
    expect(queries).toBe(1);
    expect(await areas.coversAll([[127.1, 37.50632]])).toBe(true); // 2 m inside the south edge
    expect(queries).toBe(2);
    await t.db.repos.serviceAreas.delete(area.id);
  });

  test('an area changed behind the repository\'s back (another instance) is seen once the copy is older than its TTL', async () => {
    const area = await t.db.repos.serviceAreas.create({ name: 'Songpa elsewhere', geometry: SONGPA_AREA, atS: T0 });
    const fresh = new ServiceAreaRepository(t.db.pool, 0);
    const kept = new ServiceAreaRepository(t.db.pool, 60_000);
    expect(await fresh.coversAll([OLYMPIC_PARK])).toBe(true);
    expect(await kept.coversAll([OLYMPIC_PARK])).toBe(true);
    await t.db.pool.query('UPDATE service_areas SET active = false WHERE id = $1', [area.id]);
    expect(await fresh.coversAll([OLYMPIC_PARK])).toBe(false);
    expect(await kept.coversAll([OLYMPIC_PARK])).toBe(true);
    // A change through the repository itself is seen at once.
    await kept.setActive(area.id, false);
    expect(await kept.coversAll([OLYMPIC_PARK])).toBe(false);
    await t.db.repos.serviceAreas.delete(area.id);
  });

  test('a Polygon comes back from list() as a MultiPolygon with the same ring', async () => {
    const areas = t.db.repos.serviceAreas;
    const area = await areas.create({ name: 'Songpa again', geometry: SONGPA_AREA, atS: T0 });
    const listed = (await areas.list()).find((a) => a.id === area.id);
    expect(listed?.geometry.type).toBe('MultiPolygon');
    expect(listed?.geometry.coordinates).toEqual([SONGPA_AREA.coordinates]);
    await areas.delete(area.id);
  });

  test('deactivated area no longer covers; reactivated it does again', async () => {
    const areas = t.db.repos.serviceAreas;
    const area = await areas.create({ name: 'Songpa night', geometry: SONGPA_AREA, atS: T0 });
    expect(await areas.setActive(area.id, false)).toBe(true);
    expect(await areas.covers(OLYMPIC_PARK)).toBe(false);
    expect((await areas.list({ activeOnly: true })).map((a) => a.id)).not.toContain(area.id);
    await areas.setActive(area.id, true);
    expect(await areas.covers(OLYMPIC_PARK)).toBe(true);
    expect(await areas.delete(area.id)).toBe(true);
    expect(await areas.delete(area.id)).toBe(false);
  });

  test('self-intersecting bow tie: refused by ST_IsValid with the reason', async () => {
    const bowTie = {
      type: 'Polygon' as const,
      coordinates: [[[127.08, 37.51], [127.13, 37.53], [127.13, 37.51], [127.08, 37.53], [127.08, 37.51]] as [number, number][]],
    };
    const error = await t.db.repos.serviceAreas.create({ name: 'bow tie', geometry: bowTie, atS: T0 }).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('InvalidServiceArea');
    expect((error as Error).message).toMatch(/Self-intersection/i);
  });

  test('latitude and longitude swapped: refused by the schema before any SQL', async () => {
    const swapped = { type: 'Polygon' as const, coordinates: [SONGPA_AREA.coordinates[0]!.map(([lon, lat]) => [lat, lon] as [number, number])] };
    const error = await t.db.repos.serviceAreas.create({ name: 'swapped', geometry: swapped, atS: T0 }).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('InvalidServiceArea');
    expect((error as Error).message).toMatch(/coordinates\.0\.0\.1/);
  });

  test('unclosed ring: refused', async () => {
    const open = { type: 'Polygon' as const, coordinates: [SONGPA_AREA.coordinates[0]!.slice(0, 4).concat([[127.0776, 37.5063]])] };
    const error = await t.db.repos.serviceAreas.create({ name: 'open', geometry: open, atS: T0 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/must end where it starts/);
  });
});
