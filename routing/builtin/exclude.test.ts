import type { AddressInfo } from 'node:net';
import { BuiltinRouter } from './BuiltinRouter';
import type { RouteResult } from '../Router';
import { RoutingError } from '../errors';
import { gridNetwork, GRID_SPACING_M } from './testing/gridExtract';
import { createOsrmServer } from '../server/createOsrmServer';
import { carWayClasses, excludeMask, WAY_CLASS_BITS } from './osm/carWayClasses';

// OSRM's own exclude scenario (features/testbot/exclude.feature), on car.lua's classes: letters 200 m apart along a
// row, rows 100 m apart. Motorways are one-way (car.lua implies oneway=yes), driven west to east here.
//   a b c d
//     e f g
const MAP = `
  a b c d
    e f g
`;
const WAYS: Array<[string, Record<string, string>]> = [
  ['ab', { highway: 'primary' }], // always drivable
  ['bc', { highway: 'motorway' }], // not for exclude=motorway
  ['be', { highway: 'primary', toll: 'yes' }], // not for exclude=toll
  ['ef', { highway: 'primary', toll: 'yes' }],
  ['fc', { highway: 'primary', toll: 'yes' }],
  ['cd', { highway: 'motorway', toll: 'yes' }], // neither
  ['fg', { highway: 'primary' }],
  ['gd', { highway: 'primary' }],
];
const H = 2 * GRID_SPACING_M;
const V = GRID_SPACING_M;

const g = gridNetwork(MAP, WAYS);
const router = new BuiltinRouter(g.prepare());

function lettersOf(route: RouteResult): string {
  let out = '';
  for (const c of route.geometry.coordinates) {
    for (const ch of 'abcdefg') {
      const p = g.at(ch);
      if (Math.abs(p[0] - c[0]) < 1e-9 && Math.abs(p[1] - c[1]) < 1e-9 && !out.endsWith(ch)) out += ch;
    }
  }
  return out;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'Ok';
  } catch (e) {
    if (e instanceof RoutingError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

describe('exclude= (car.lua excludable: toll, motorway, ferry)', () => {
  test('classes per direction as way_handlers.lua sets them', () => {
    expect(carWayClasses({ highway: 'motorway_link' })).toEqual({ forward: WAY_CLASS_BITS.motorway, backward: WAY_CLASS_BITS.motorway });
    expect(carWayClasses({ highway: 'primary', 'toll:forward': 'yes' })).toEqual({ forward: WAY_CLASS_BITS.toll, backward: 0 });
    expect(carWayClasses({ highway: 'primary', toll: 'yes', 'toll:backward': 'no' })).toEqual({ forward: WAY_CLASS_BITS.toll, backward: 0 });
    expect(excludeMask(['motorway'])).toBe(WAY_CLASS_BITS.motorway);
    expect(excludeMask(['motorway', 'toll'])).toBeUndefined(); // car.lua lists no pair
    expect(excludeMask(['toll', 'toll'])).toBeUndefined();
  });

  test('nothing excluded: the motorway; exclude=motorway: around it on the toll roads', async () => {
    const plain = await router.route([g.at('a'), g.at('d')]);
    expect(lettersOf(plain)).toBe('abcd');
    expect(plain.distanceM).toBeCloseTo(3 * H, -1);
    const noMotorway = await router.route([g.at('a'), g.at('d')], { exclude: ['motorway'] });
    expect(lettersOf(noMotorway)).toBe('abefgd');
    expect(noMotorway.distanceM).toBeCloseTo(3 * H + 2 * V, -1);
    expect(lettersOf(await router.route([g.at('a'), g.at('c')], { exclude: ['motorway'] }))).toBe('abefc');
    // no ferry here: exclude=ferry searches the plain graph and finds what the hierarchy finds, to the tenth
    const noFerry = await router.route([g.at('a'), g.at('d')], { exclude: ['ferry'] });
    expect(lettersOf(noFerry)).toBe('abcd');
    expect(noFerry.durationS).toBeCloseTo(plain.durationS, 6);
    expect(noFerry.distanceM).toBeCloseTo(plain.distanceM, 6);
  });

  test('exclude=toll: d and f are cut off from a (NoRoute, null in a table); c and the toll-free f → d stay', async () => {
    expect(await codeOf(router.route([g.at('a'), g.at('d')], { exclude: ['toll'] }))).toMatch(/^NoRoute/);
    expect(lettersOf(await router.route([g.at('a'), g.at('c')], { exclude: ['toll'] }))).toBe('abc');
    expect(lettersOf(await router.route([g.at('f'), g.at('d')], { exclude: ['toll'] }))).toBe('fgd');
    const table = await router.table([g.at('a'), g.at('f')], [g.at('c'), g.at('d')], { exclude: ['toll'] });
    expect(table.durationsS[0][1]).toBeNull();
    expect(table.durationsS[1][1]).not.toBeNull();
    const direct = await router.route([g.at('a'), g.at('c')], { exclude: ['toll'] });
    expect(table.durationsS[0][0]).toBeCloseTo(direct.durationS, 6);
    expect(table.distancesM[0][0]).toBeCloseTo(direct.distanceM, 6);
  });

  test('a table with exclude agrees with routes with the same exclude', async () => {
    const points = [...'abcdefg'].map((ch) => g.at(ch));
    const table = await router.table(points, points, { exclude: ['motorway'] });
    for (let i = 0; i < points.length; i++) {
      for (let j = 0; j < points.length; j++) {
        if (i === j) continue;
        const code = await codeOf(router.route([points[i], points[j]], { exclude: ['motorway'] }));
        if (code !== 'Ok') {
          expect(table.durationsS[i][j]).toBeNull();
          continue;
        }
        const route = await router.route([points[i], points[j]], { exclude: ['motorway'] });
        expect(table.durationsS[i][j]).toBeCloseTo(route.durationS, 6);
      }
    }
  });

  test('nearest with exclude snaps past the excluded road', async () => {
    const onMotorway = g.between('b', 'c');
    expect((await router.nearest(onMotorway)).distanceM).toBeLessThan(1);
    const away = await router.nearest(onMotorway, { exclude: ['motorway'] });
    expect(away.distanceM).toBeGreaterThan(90);
  });

  test('an unknown class or a set car.lua does not list is refused with OSRM\'s message', async () => {
    for (const exclude of [['motorway', 'toll'], ['foo'], ['TwoWords2']]) {
      expect(await codeOf(router.route([g.at('a'), g.at('d')], { exclude }))).toBe('InvalidInput: Exclude flag combination is not supported.');
      expect(await codeOf(router.table([g.at('a')], [g.at('d')], { exclude }))).toMatch(/^InvalidInput/);
      expect(await codeOf(router.nearest(g.at('a'), { exclude }))).toMatch(/^InvalidInput/);
    }
  });

  test('over OSRM\'s HTTP API: route, table and nearest take exclude=; a bad set is InvalidValue with HTTP 400', async () => {
    const server = createOsrmServer(router);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string) => {
      const res = await fetch(base + path);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    try {
      const coords = (...chs: string[]) => chs.map((ch) => g.at(ch).join(',')).join(';');
      const route = await get(`/route/v1/driving/${coords('a', 'd')}?exclude=motorway`);
      expect(route.status).toBe(200);
      expect((route.body.routes as Array<{ distance: number }>)[0].distance).toBeCloseTo(3 * H + 2 * V, -1);
      const table = await get(`/table/v1/driving/${coords('a', 'd')}?exclude=toll`);
      expect(table.status).toBe(200);
      expect((table.body.durations as Array<Array<number | null>>)[0][1]).toBeNull();
      const nearest = await get(`/nearest/v1/driving/${g.between('b', 'c').join(',')}?exclude=motorway`);
      expect((nearest.body.waypoints as Array<{ distance: number }>)[0].distance).toBeGreaterThan(90);
      for (const bad of ['motorway,toll', 'foo']) {
        const refused = await get(`/route/v1/driving/${coords('a', 'd')}?exclude=${bad}`);
        expect(refused).toEqual({ status: 400, body: { code: 'InvalidValue', message: 'Exclude flag combination is not supported.' } });
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
