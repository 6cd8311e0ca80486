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
 * `anystop routing serve` answers steps, annotations, number and approaches shaped as OSRM does:
 * the same requests as the recorded ones (raw/*.json from osrm-routed on the same extract), and the
 * same keys at every level of the answer.
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

type Json = Record<string, unknown>;
async function get(path: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as Json };
}
const keys = (o: unknown) => Object.keys(o as Json).sort();
const OPTIONAL_MANEUVER_KEYS = new Set(['modifier', 'exit']);
const OPTIONAL_INTERSECTION_KEYS = new Set(['in', 'out', 'classes', 'lanes']);
const required = (o: unknown, optional: Set<string>) => keys(o).filter((k) => !optional.has(k));

interface Step {
  intersections: Json[];
  maneuver: Json & { type: string; location: [number, number] };
  geometry: string;
  name: string;
  distance: number;
  duration: number;
}
interface Leg {
  steps: Step[];
  annotation: { duration: number[]; distance: number[]; nodes?: number[]; speed?: number[] };
  distance: number;
  duration: number;
  summary: string;
}

const OSRM_TYPES = new Set([
  'depart', 'arrive', 'turn', 'new name', 'continue', 'merge', 'on ramp', 'off ramp', 'fork', 'end of road', 'roundabout', 'rotary',
  'roundabout turn', 'exit roundabout', 'exit rotary', 'notification', 'use lane',
]);

describe('OSRM route steps and annotations, against the recorded answer', () => {
  const x = recordings.raw.find((r) => r.file === 'raw/route-polyline6-steps.json')!;
  const theirs = (x.body as { routes: Array<Json & { legs: Leg[] }> }).routes[0];

  test('route, leg, step, maneuver and intersection carry the keys OSRM sends', async () => {
    const got = await get(x.request);
    expect(got.status).toBe(200);
    const ours = (got.body as { routes: Array<Json & { legs: Leg[] }> }).routes[0];
    expect(keys(ours)).toEqual(keys(theirs));
    expect(keys(ours.legs[0])).toEqual(keys(theirs.legs[0]));
    expect(keys(ours.legs[0].annotation)).toEqual(keys(theirs.legs[0].annotation));
    const theirStep = theirs.legs[0].steps[1];
    for (const step of ours.legs[0].steps) {
      expect(keys(step)).toEqual(keys(theirStep));
      expect(required(step.maneuver, OPTIONAL_MANEUVER_KEYS)).toEqual(required(theirStep.maneuver, OPTIONAL_MANEUVER_KEYS));
      expect(OSRM_TYPES.has(step.maneuver.type)).toBe(true);
      expect(step.intersections.length).toBeGreaterThanOrEqual(1);
      for (const i of step.intersections) expect(required(i, OPTIONAL_INTERSECTION_KEYS)).toEqual(required(theirStep.intersections[0], OPTIONAL_INTERSECTION_KEYS));
    }
  });

  test('steps run from depart to arrive, add up to the leg, and their geometries chain', async () => {
    const ours = ((await get(x.request)).body as { routes: Array<{ legs: Leg[] }> }).routes[0].legs[0];
    const steps = ours.steps;
    expect(steps[0].maneuver.type).toBe('depart');
    expect(steps[steps.length - 1].maneuver.type).toBe('arrive');
    expect(steps[0].name).toBe(theirs.legs[0].steps[0].name);
    const total = steps.reduce((s, st) => s + st.distance, 0);
    expect(Math.abs(total - ours.distance)).toBeLessThan(1);
    for (let i = 1; i < steps.length; i++) {
      const prev = polyline.decode(steps[i - 1].geometry, 6);
      const first = polyline.decode(steps[i].geometry, 6)[0];
      expect(distanceM([prev[prev.length - 1][1], prev[prev.length - 1][0]], [first[1], first[0]])).toBeLessThan(0.5);
      expect(distanceM(steps[i].maneuver.location, [first[1], first[0]])).toBeLessThan(0.5);
    }
    const arrive = theirs.legs[0].steps[theirs.legs[0].steps.length - 1].maneuver.location;
    expect(distanceM(steps[steps.length - 1].maneuver.location, arrive)).toBeLessThan(5);
    // the same roads as OSRM's summary, and within 5 % of its time
    expect(ours.summary.split(', ')).toContain('오금로');
    expect(Math.abs(ours.duration - theirs.legs[0].duration) / theirs.legs[0].duration).toBeLessThan(0.05);
  });

  test('annotations give one value per segment; durations add up to the leg, speed is distance over duration', async () => {
    const got = await get(x.request.replace('annotations=duration,distance', 'annotations=duration,distance,nodes,speed'));
    const route = (got.body as { routes: Array<{ legs: Leg[]; geometry: string }> }).routes[0];
    const a = route.legs[0].annotation;
    const points = polyline.decode(route.geometry, 6).length;
    expect(a.duration).toHaveLength(points - 1);
    expect(a.distance).toHaveLength(points - 1);
    expect(a.speed).toHaveLength(points - 1);
    expect(Math.abs(a.duration.reduce((s, v) => s + v, 0) - route.legs[0].duration)).toBeLessThan(1.5);
    const speeds = a.speed!.filter((_, i) => a.duration[i] >= 1);
    expect(speeds.length).toBeGreaterThan(3);
    a.speed!.forEach((v, i) => {
      if (a.duration[i] >= 1) expect(Math.abs(v - a.distance[i] / a.duration[i]) / v).toBeLessThan(0.1); // durations are rounded to tenths
    });
    expect(a.nodes!.length).toBeGreaterThan(5);
    for (const id of a.nodes!) expect(Number.isInteger(id) && id > 0).toBe(true);
  });
});

describe('OSRM nearest with number, approaches and the general options', () => {
  test('nearest?number=3 answers three waypoints with OSM node ids, as the recording', async () => {
    const x = recordings.raw.find((r) => r.file === 'raw/nearest-three.json')!;
    const theirs = (x.body as { waypoints: Array<Json & { nodes: number[] }> }).waypoints;
    const ours = ((await get(x.request)).body as { waypoints: Array<Json & { nodes: number[]; distance: number }> }).waypoints;
    expect(ours).toHaveLength(3);
    for (const w of ours) expect(keys(w)).toEqual(keys(theirs[0]));
    // the point sits on OSM node 1809564282: the two closest segments both end there, as in OSRM's answer
    expect(theirs[0].nodes).toContain(1809564282);
    expect(ours[0].nodes).toContain(1809564282);
    expect(ours[1].nodes).toContain(1809564282);
    expect(ours[0].distance).toBeLessThan(1);
  });

  test('approaches=curb is accepted per coordinate; a count that does not match is refused', async () => {
    const ok = await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?approaches=curb;curb&overview=false');
    expect(ok.body.code).toBe('Ok');
    const table = await get('/table/v1/driving/127.109301,37.51282;127.104385,37.521982?approaches=;curb');
    expect(table.body.code).toBe('Ok');
    const bad = await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?approaches=curb');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('InvalidOptions');
    expect((await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?approaches=kerb;curb')).body.code).toBe('InvalidValue');
  });

  test('radiuses and bearings are honoured on route, table and nearest; exclude takes car.lua\'s sets and refuses others as OSRM', async () => {
    const tight = await get('/route/v1/driving/127.109301,37.51282;127.104385,37.5221?radiuses=unlimited;1');
    expect(tight.body.code).toBe('NoSegment');
    expect((await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?bearings=;0,180&overview=false')).body.code).toBe('Ok');
    expect((await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?bearings=400,10;')).body.code).toBe('InvalidValue');
    // the same radius on a table point (null there, as for any point the table cannot snap) and on nearest
    const table = await get('/table/v1/driving/127.109301,37.51282;127.104385,37.5221?radiuses=unlimited;1');
    expect((table.body.durations as Array<Array<number | null>>)[0]).toEqual([0, null]);
    const wide = await get('/table/v1/driving/127.109301,37.51282;127.104385,37.5221?radiuses=unlimited;500');
    expect((wide.body.durations as Array<Array<number | null>>)[0][1]).toBeGreaterThan(0);
    expect((await get('/nearest/v1/driving/127.104385,37.5221?radiuses=1')).body.code).toBe('NoSegment');
    expect((await get('/nearest/v1/driving/127.104385,37.5221?radiuses=500')).body.code).toBe('Ok');
    // nearest takes a bearing too
    const north = await get('/nearest/v1/driving/127.109301,37.51282?number=3&bearings=0,20');
    expect(north.body.code).toBe('Ok');
    const ex = await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?exclude=toll');
    expect(ex.status).toBe(200);
    expect(ex.body.code).toBe('Ok');
    expect((await get('/table/v1/driving/127.109301,37.51282;127.104385,37.521982?exclude=motorway')).body.code).toBe('Ok');
    const pair = await get('/route/v1/driving/127.109301,37.51282;127.104385,37.521982?exclude=motorway,toll');
    expect(pair).toEqual({ status: 400, body: { code: 'InvalidValue', message: 'Exclude flag combination is not supported.' } });
  });

  test('weight_name and weights as car.lua\'s (routability), and annotations=true gives every annotation OSRM lists', async () => {
    const x = recordings.raw.find((r) => r.file === 'raw/route-polyline6-steps.json')!;
    const theirs = (x.body as { routes: Array<{ weight_name: string; weight: number; duration: number }> }).routes[0];
    const ours = ((await get(x.request)).body as { routes: Array<{ weight_name: string; weight: number; duration: number; legs: Array<{ weight: number }> }> }).routes[0];
    expect(ours.weight_name).toBe(theirs.weight_name);
    expect(ours.weight).toBeGreaterThanOrEqual(ours.duration - 0.5); // routability weighs a road at most at its time
    expect(ours.legs[0].weight).toBeCloseTo(ours.weight, 1);
    const all = await get('/route/v1/driving/127.109301,37.51282;127.097328,37.517508;127.104385,37.521982?annotations=true&overview=full&geometries=polyline6');
    const legs = (all.body as { routes: Array<{ legs: Array<{ weight: number; annotation: Record<string, unknown> }> }> }).routes[0].legs;
    expect(legs).toHaveLength(2);
    for (const leg of legs) {
      // docs/http.md: annotations=true is duration, distance, speed, weight, datasources (with metadata) and nodes
      expect(keys(leg.annotation)).toEqual(['datasources', 'distance', 'duration', 'metadata', 'nodes', 'speed', 'weight']);
      expect(leg.annotation.metadata).toEqual({ datasource_names: ['lua profile'] });
      const weights = leg.annotation.weight as number[];
      expect(weights).toHaveLength((leg.annotation.duration as number[]).length);
      expect(Math.abs(weights.reduce((s, v) => s + v, 0) - leg.weight)).toBeLessThan(1.5);
      // every leg names its own nodes (OSRM's leg_geometry.node_ids), not only the first
      expect((leg.annotation.nodes as number[]).length).toBeGreaterThan(2);
    }
    const [first, second] = legs.map((l) => l.annotation.nodes as number[]);
    expect(second[0]).not.toBe(first[0]);
  });
});
