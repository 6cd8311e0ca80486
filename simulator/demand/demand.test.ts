import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { sharedPath } from '../../test-support/sharedData';
import { generateDemand } from './generateDemand';
import { parseDemandCsv } from './readDemandCsv';

let router: BuiltinRouter;
beforeAll(async () => {
  router = new BuiltinRouter(await prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')));
});

describe('seeded demand', () => {
  const day = (seed: number, startOfDayS: number) =>
    generateDemand(router.network, { seed, peakTripsPerHour: 120, durationS: 3600, startOfDayS });

  test('the same seed gives the same trips; another seed other trips', () => {
    expect(day(5, 8 * 3600)).toEqual(day(5, 8 * 3600));
    expect(day(6, 8 * 3600)).not.toEqual(day(5, 8 * 3600));
  });

  test('the morning peak brings far more requests than 3 a.m.', () => {
    const peak = day(1, 8 * 3600).length;
    const night = day(1, 3 * 3600).length;
    expect(peak).toBeGreaterThan(80);
    expect(peak).toBeLessThan(170);
    expect(night).toBeLessThan(peak / 5);
  });

  test('every origin and destination lies on a drivable road, in time order', async () => {
    const trips = day(2, 17 * 3600);
    for (const t of trips.slice(0, 40)) {
      expect((await router.nearest(t.origin)).distanceM).toBeLessThan(1);
      expect((await router.nearest(t.destination)).distanceM).toBeLessThan(1);
    }
    const times = trips.map((t) => t.requestedAtS);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('demand from CSV', () => {
  const header = 'requested_at,origin_lon,origin_lat,destination_lon,destination_lat,passengers';

  test('offsets are kept, epoch seconds and ISO times become offsets from the first row', () => {
    expect(parseDemandCsv(`${header}\n60,127.10,37.51,127.12,37.52,1\n0,127.11,37.51,127.12,37.53,2`).map((t) => t.requestedAtS)).toEqual([0, 60]);
    const iso = parseDemandCsv(`${header}\n2026-03-03T08:00:30Z,127.10,37.51,127.12,37.52,1\n2026-03-03T08:00:00Z,127.11,37.51,127.12,37.53,1`);
    expect(iso.map((t) => t.requestedAtS)).toEqual([0, 30]);
  });

  test('a bad row is reported with its line number', () => {
    expect(() => parseDemandCsv(`${header}\n0,127.10,37.51,127.12,37.52,1\n5,127.10,95,127.12,37.52,1`)).toThrow(/line 3: origin_lat/);
    expect(() => parseDemandCsv('time,lon,lat\n0,1,2')).toThrow(/misses the column/);
  });
});
