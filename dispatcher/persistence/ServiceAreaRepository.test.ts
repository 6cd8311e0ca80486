import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { GANGNAM_STATION, GARAK_MARKET, JAMSIL_STATION, OLYMPIC_PARK, SONGPA_AREA, T0 } from '../../test-support/dbFixtures';
import { isPersistenceError } from './PersistenceError';

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
