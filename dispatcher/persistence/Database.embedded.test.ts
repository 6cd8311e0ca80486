import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptAlone, GANGNAM_STATION, newTrip, OLYMPIC_PARK, SONGPA_AREA, T0, vehicleOnShift } from '../../test-support/dbFixtures';
import { type Database, openDatabase } from './Database';

/** PGlite's first start initialises the folder and loads PostGIS (~15–30 s on a shared machine). */
const EMBEDDED_TIMEOUT_MS = 180_000;

describe('embedded database (no DATABASE_URL)', () => {
  let dir: string;
  let db: Database | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anystop-pglite-'));
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test(
    'first start in an empty folder: PGlite with PostGIS runs the migrations, serves covers() and a transaction, then reopens with its data',
    async () => {
      const progress: string[] = [];
      db = await openDatabase({ embeddedDataDir: dir, onProgress: (m) => progress.push(m) });
      expect(db.kind).toBe('embedded');
      expect(db.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(progress[0]).toMatch(/starting embedded PostgreSQL/);
      expect(progress).toContain('applying migration 0001_postgis.sql');
      expect(db.migrations?.applied).toContain('0005_events.sql');

      const repos = db.repos;
      await repos.serviceAreas.create({ name: 'Songpa', geometry: SONGPA_AREA, atS: T0 });
      expect(await repos.serviceAreas.covers(OLYMPIC_PARK)).toBe(true);
      expect(await repos.serviceAreas.covers(GANGNAM_STATION)).toBe(false);
      await vehicleOnShift(repos, 'bus-1');
      await acceptAlone(repos, 'bus-1', newTrip('trip-1'), T0, 0);
      const before = await repos.loadDispatchState();
      await db.close();

      db = await openDatabase({ embeddedDataDir: dir });
      expect(db.migrations?.applied).toEqual([]);
      expect(await db.repos.loadDispatchState()).toEqual(before);
      expect(await db.repos.serviceAreas.covers(OLYMPIC_PARK)).toBe(true);
      await db.close();
      db = undefined;
    },
    EMBEDDED_TIMEOUT_MS,
  );
});
