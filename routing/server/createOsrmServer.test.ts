import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import polyline from '@mapbox/polyline';
import { sharedPath } from '../../test-support/sharedData';
import { BuiltinRouter } from '../builtin/BuiltinRouter';
import { prepareRouter } from '../builtin/prepare';
import { OsrmRecordings } from '../contract/replay/OsrmRecordings';
import { distanceM } from '../geo';
import { createOsrmServer } from './createOsrmServer';

/**
 * `anystop routing serve` speaks OSRM's API: the raw exchanges recorded from a real OSRM server are
 * replayed against our server on the same extract, and each answer must have OSRM's shape and codes.
 */
const recordings = OsrmRecordings.load();
let server: Server;
let base: string;

beforeAll(async () => {
  const router = new BuiltinRouter(await prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')));
  server = createOsrmServer(router);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('OSRM-compatible server replaying real OSRM requests', () => {
  const errors = recordings.raw.filter((x) => x.status !== 200);
  test.each(errors.map((x) => [x.file, x] as const))('%s answers HTTP 400 with the same OSRM code', async (_file, x) => {
    const got = await get(x.request);
    expect(got.status).toBe(400);
    expect(got.body.code).toBe((x.body as { code: string }).code);
    expect(typeof got.body.message).toBe('string');
  });

  test('a point far from every road answers NoSegment (OSRM snaps it 14,000 km away instead)', async () => {
    const far = recordings.raw.find((x) => x.file.includes('far-away'))!;
    const got = await get(far.request);
    expect(got.status).toBe(400);
    expect(got.body.code).toBe('NoSegment');
  });

  test.each(recordings.raw.filter((x) => x.status === 200 && !x.file.includes('far-away')).map((x) => [x.file, x] as const))(
    '%s answers Ok with the keys OSRM sends',
    async (_file, x) => {
      const got = await get(x.request);
      expect(got.status).toBe(200);
      expect(got.body.code).toBe('Ok');
      const theirs = x.body as Record<string, unknown>;
      for (const key of ['routes', 'waypoints', 'durations', 'distances', 'sources', 'destinations']) {
        expect(key in got.body).toBe(key in theirs);
      }
    },
  );

  test('a GeoJSON route matches the recorded one within 25 % and follows the same line', async () => {
    const x = recordings.raw.find((r) => r.file === 'raw/route-two-points.json')!;
    const theirs = (x.body as { routes: Array<{ duration: number; geometry: { coordinates: [number, number][] } }> }).routes[0];
    const ours = ((await get(x.request)).body as unknown as typeof x.body & { routes: typeof theirs[] }).routes[0];
    expect(Math.abs(ours.duration - theirs.duration) / theirs.duration).toBeLessThan(0.25);
    const line = ours.geometry.coordinates;
    expect(distanceM(line[0], theirs.geometry.coordinates[0])).toBeLessThan(5);
    expect(distanceM(line[line.length - 1], theirs.geometry.coordinates[theirs.geometry.coordinates.length - 1])).toBeLessThan(5);
  });

  test('polyline6 geometry decodes to [lat, lon] pairs on the route', async () => {
    const got = await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?geometries=polyline6&overview=full');
    const decoded = polyline.decode((got.body as { routes: Array<{ geometry: string }> }).routes[0].geometry, 6);
    expect(decoded[0][0]).toBeCloseTo(37.51282, 4);
    expect(decoded[0][1]).toBeCloseTo(127.109301, 4);
  });

  test('a table honours sources and destinations like OSRM', async () => {
    const x = recordings.raw.find((r) => r.file === 'raw/table-sources-destinations.json')!;
    const got = (await get(x.request)).body as { durations: number[][]; distances: number[][]; sources: unknown[]; destinations: unknown[] };
    expect(got.durations).toHaveLength(2);
    expect(got.durations[0]).toHaveLength(3);
    expect(got.sources).toHaveLength(2);
    expect(got.destinations).toHaveLength(3);
  });

  test('polyline-encoded coordinates are accepted', async () => {
    const enc = polyline.encode([[37.51282, 127.109301], [37.521982, 127.104385]], 5);
    const got = await get(`/route/v1/driving/polyline(${encodeURIComponent(enc)})?overview=false`);
    expect(got.body.code).toBe('Ok');
  });

  test.each([
    ['/route/v2/driving/127.1,37.5;127.1,37.51', 'InvalidVersion'],
    ['/route/v1/driving/127.1,37.5;127.1,37.51?geometries=wkt', 'InvalidOptions'],
    ['/table/v1/driving/127.1,37.5;127.1,37.51?sources=7', 'InvalidOptions'],
    ['/nearest/v1/driving/127.1,37.5;127.1,37.51', 'InvalidOptions'],
    ['/route/v1/driving/200,37.5;127.1,37.51', 'InvalidValue'],
    ['/route/v1/driving/127.1,NaN;127.1,37.51', 'InvalidQuery'],
    ['/route/v1/driving/', 'InvalidQuery'],
    ['/', 'InvalidUrl'],
  ])('%s is refused with %s', async (path, code) => {
    const got = await get(path);
    expect(got.status).toBe(400);
    expect(got.body.code).toBe(code);
  });

  test('the server keeps answering after a burst of bad requests', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => get(`/route/v1/driving/${'x'.repeat(i)}`)));
    expect((await get('/nearest/v1/driving/127.109301,37.51282')).body.code).toBe('Ok');
  });
});
