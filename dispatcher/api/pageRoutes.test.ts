import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { gridNetwork } from '../../routing/builtin/testing/gridExtract';
import type { TripExportRow } from '../persistence/TripExportRepository';
import { networkGeoJson } from './networkGeoJson';
import type { NetworkFeatureCollection, PlacesResponse } from '../../protocol/pages';
import { pageRoutes } from './pageRoutes';
import { PlaceIndex } from './PlaceIndex';
import { romanizeHangul } from './romanizeHangul';
import { tripsCsv } from './tripsCsv';

/**
 *   a b c        abc: 송파대로 (two chains, split at b by the way down to e)
 *     |          be:  석촌호수로
 *     e f        ef:  route number "3;71" (no place)
 */
const grid = gridNetwork(
  `
  a b c
    e f
  `,
  [
    ['abc', { highway: 'primary', name: '송파대로' }],
    ['be', { highway: 'residential', name: '석촌호수로' }],
    ['ef', { highway: 'residential', ref: '3;71' }],
  ],
);
const network = grid.prepare().network;

describe('street names', () => {
  test.each([
    ['송파대로', 'songpadaero'],
    ['석촌호수로', 'seokchonhosuro'],
    ['올림픽로', 'ollimpingno'],
    ['백제고분로', 'baekjegobullo'],
    ['음악', 'eumak'],
    ['Lotte 월드', 'Lotte woldeu'],
  ])('%s reads %s in standard Revised Romanization', (hangul, latin) => {
    expect(romanizeHangul(hangul)).toBe(latin);
  });

  test('a street is found by a Hangul prefix, by Latin letters, and not by a route number', () => {
    const places = PlaceIndex.fromNetwork(network);
    expect(places.size).toBe(2);
    expect(places.search('송파').map((p) => p.name)).toEqual(['송파대로']);
    expect(places.search('Songpa dae')[0]).toMatchObject({ name: '송파대로', latin: 'Songpadaero' });
    expect(places.search('hosu').map((p) => p.name)).toEqual(['석촌호수로']);
    expect(places.search('3;71')).toEqual([]);
    expect(places.search('   ')).toEqual([]);
  });

  test('a street searched without a point to be near sits at the middle of its longest stretch, and says so', () => {
    const [place] = PlaceIndex.fromNetwork(network).search('석촌');
    const mid = grid.between('b', 'e');
    expect(place.location[0]).toBeCloseTo(mid[0], 5);
    expect(place.location[1]).toBeCloseTo(mid[1], 5);
    expect(place.placedNear).toBe(false);
  });

  test('a long street is placed at its point nearest to where the rider looks', () => {
    const nearC = grid.at('c');
    const [place] = PlaceIndex.fromNetwork(network).search('송파대로', { near: [nearC[0], nearC[1] + 0.0005] });
    expect(place.location[0]).toBeCloseTo(nearC[0], 5);
    expect(place.location[1]).toBeCloseTo(nearC[1], 5);
    expect(place.placedNear).toBe(true);
  });

  test('the road network draws as one MultiLineString per name, every chain included', () => {
    const fc = networkGeoJson(network);
    const lines = fc.features.reduce((n, f) => n + f.geometry.coordinates.length, 0);
    expect(lines).toBe(network.chainCount);
    expect(fc.features.map((f) => f.properties.name).sort()).toEqual(['3;71', '석촌호수로', '송파대로']);
  });
});

describe('trip export', () => {
  const row: TripExportRow = {
    id: 't-1', state: 'cancelled', createdAtS: 1740956400, requestedPickupAtS: 1740956400, origin: [-0.1, 51.5], destination: [127.1, 37.5],
    passengers: 2, wheelchairs: 0, vehicleId: null, pickupWindowStartS: null, pickupWindowEndS: null, latestArrivalS: null, actualPickupS: null,
    actualDropoffS: null, walkToPickupM: 12.4, directDriveS: null, directDriveM: null, rejectReason: null, cancelReason: '=HYPERLINK("x"), late',
  };

  test('one header and one line per trip; negative coordinates stay numbers; free text cannot become a formula', () => {
    const [header, line, end] = tripsCsv([row]).split('\r\n');
    expect(header.split(',')[0]).toBe('trip_id');
    expect(header).not.toMatch(/rider/);
    expect(line).toBe(`t-1,cancelled,2025-03-02T23:00:00.000Z,2025-03-02T23:00:00.000Z,-0.100000,51.500000,127.100000,37.500000,2,0,,,,,,,12,,,,"'=HYPERLINK(""x""), late"`);
    expect(end).toBe('');
  });
});

describe('page endpoints', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express().use(pageRoutes({ network }));
    app.use((err: { code?: string; status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(err.status ?? 500).json({ error: { code: err.code } });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('GET /places?q= answers with places; a bad limit is a validation error', async () => {
    const body = (await (await fetch(`${base}/places?q=${encodeURIComponent('송파')}`)).json()) as PlacesResponse;
    expect(body.places.map((p) => p.name)).toEqual(['송파대로']);
    const bad = await fetch(`${base}/places?q=a&limit=99`);
    expect(bad.status).toBe(400);
  });

  test('GET /network.geojson is GeoJSON; trip history without a database is NotFound', async () => {
    const res = await fetch(`${base}/network.geojson`);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    expect(((await res.json()) as NetworkFeatureCollection).features.length).toBe(3);
    expect((await fetch(`${base}/trips/origins`)).status).toBe(404);
  });
});
