import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltinRouter } from '../BuiltinRouter';
import type { LngLat, RouteResult } from '../../Router';
import { gridNetwork, GRID_SPACING_M } from '../testing/gridExtract';
import { restrictionOf } from '../osm/readOsmExtract';
import { loadPrepared, savePrepared } from '../storage';

// A street w–y with side roads; letters are 200 m apart along a row, rows 100 m apart.
//       x
//   w p q r y
//     s t u
const MAP = `
    x
  w p q r y
    s t u
`;
const R = { highway: 'residential' };
// way indexes: 0 wp, 1 pq, 2 qr, 3 ry, 4 xp, 5 ps, 6 st, 7 tu, 8 qt, 9 ru
const WAYS: Array<[string, Record<string, string>]> = ['wp', 'pq', 'qr', 'ry', 'xp', 'ps', 'st', 'tu', 'qt', 'ru'].map((w) => [w, R]);
const WP = 0, PQ = 1, QR = 2, RY = 3, QT = 8;
const H = 2 * GRID_SPACING_M;
const V = GRID_SPACING_M;

/** The letters a route passes, in order (its geometry holds every node of the roads it drives). */
function lettersOf(g: ReturnType<typeof gridNetwork>, route: RouteResult): string {
  let out = '';
  for (const c of route.geometry.coordinates) {
    for (const ch of 'wpqryxstu') {
      const p = g.at(ch);
      if (Math.abs(p[0] - c[0]) < 1e-9 && Math.abs(p[1] - c[1]) < 1e-9 && !out.endsWith(ch)) out += ch;
    }
  }
  return out;
}

function router(wayRestrictions: Array<[number, number[], number, boolean]>) {
  const g = gridNetwork(MAP, WAYS, {}, [], wayRestrictions);
  return { g, router: new BuiltinRouter(g.prepare()) };
}

describe('turn restrictions with via ways (OSRM way restrictions, by node duplication)', () => {
  test('no_* with one via way: from wp along pq, the turn onto qr is forbidden; other roads onto pq may still take it', async () => {
    const free = router([]);
    const direct = await free.router.route([free.g.at('w'), free.g.at('y')]);
    expect(lettersOf(free.g, direct)).toBe('wpqry');
    expect(direct.distanceM).toBeCloseTo(4 * H, -1);

    const { g, router: r } = router([[WP, [PQ], QR, false]]);
    const around = await r.route([g.at('w'), g.at('y')]);
    expect(lettersOf(g, around)).not.toContain('wpqr');
    expect(around.distanceM).toBeGreaterThan(4 * H + 100);
    // the plain search (exclude=, on the same graph with its copies) obeys the restriction as the hierarchy does
    const plain = await r.route([g.at('w'), g.at('y')], { exclude: ['ferry'] });
    expect(lettersOf(g, plain)).toBe(lettersOf(g, around));
    expect(plain.durationS).toBeCloseTo(around.durationS, 6);
    // only the path from wp is restricted: from x the same via way and turn are open
    const fromX = await r.route([g.at('x'), g.at('y')]);
    expect(lettersOf(g, fromX)).toBe('xpqry');
    expect(fromX.distanceM).toBeCloseTo(V + 3 * H, -1);
    // and from wp the via way itself, and its other turns, stay open
    const toT = await r.route([g.at('w'), g.at('t')]);
    expect(lettersOf(g, toT)).toMatch(/^wp(qt|st)$/);
    expect(toT.distanceM).toBeCloseTo(2 * H + V, -1);
  });

  test('a target on the via way itself is reached straight from the from way (its copy arrives there too)', async () => {
    const { g, router: r } = router([[WP, [PQ], QR, false]]);
    const mid = g.between('p', 'q');
    const leg = await r.route([g.at('w'), mid]);
    expect(leg.distanceM).toBeCloseTo(H + H / 2, -1);
    const table = await r.table([g.at('w')], [mid]);
    expect(table.distancesM[0][0]).toBeCloseTo(H + H / 2, -1);
  });

  test('several via ways, in driving order: from wp along pq then qr, ry is forbidden; from xp along the same via ways it is open', async () => {
    const { g, router: r } = router([[WP, [PQ, QR], RY, false]]);
    const around = await r.route([g.at('w'), g.at('y')]);
    expect(lettersOf(g, around)).not.toContain('wpqry');
    expect(around.distanceM).toBeGreaterThan(4 * H + 100);
    // the restriction needs the whole path: coming from x onto pq and qr, ry is open
    const fromX = await r.route([g.at('x'), g.at('y')]);
    expect(lettersOf(g, fromX)).toBe('xpqry');
  });

  test('only_* with a via way: from wp along pq, qt is the only way on; coming from x, qr stays open', async () => {
    const { g, router: r } = router([[WP, [PQ], QT, true]]);
    const around = await r.route([g.at('w'), g.at('r')]);
    expect(lettersOf(g, around)).not.toContain('wpqr');
    expect(around.distanceM).toBeGreaterThan(3 * H + 100);
    const allowed = await r.route([g.at('w'), g.at('t')]);
    expect(allowed.distanceM).toBeCloseTo(2 * H + V, -1);
    const fromX = await r.route([g.at('x'), g.at('r')]);
    expect(lettersOf(g, fromX)).toBe('xpqr');
  });

  test('overlapping restrictions: the drive onto a second restriction\'s path from inside the first one still obeys it', async () => {
    // R1: wp → pq → qt forbidden; R2: pq → qr → ry forbidden. From w along pq (R1's copy), then qr, must be R2's copy.
    const both = router([[WP, [PQ], QT, false], [PQ, [QR], RY, false]]);
    const around = await both.router.route([both.g.at('w'), both.g.at('y')]);
    expect(lettersOf(both.g, around)).not.toContain('pqry');
    expect(lettersOf(both.g, around)).toMatch(/ury$/);
    // R1 alone leaves w → y straight on
    const one = router([[WP, [PQ], QT, false]]);
    expect(lettersOf(one.g, await one.router.route([one.g.at('w'), one.g.at('y')]))).toBe('wpqry');
  });

  test('the table agrees with routes on the duplicated graph, and the copies survive saving and loading', async () => {
    const { g, router: r } = router([[WP, [PQ], QT, false], [PQ, [QR], RY, false], [WP, [PQ, QR], RY, true]]);
    const points: LngLat[] = [...'wpqryxstu'].map((ch) => g.at(ch));
    const table = await r.table(points, points);
    for (let i = 0; i < points.length; i++) {
      for (let j = 0; j < points.length; j++) {
        if (i === j) continue;
        const route = await r.route([points[i], points[j]]);
        expect(table.durationsS[i][j]).toBeCloseTo(route.durationS, 6);
        expect(table.distancesM[i][j]).toBeCloseTo(route.distanceM, 1); // equal-weight paths may differ by millimetres
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'anystop-wayrestr-'));
    try {
      savePrepared(dir, g.prepare(), 'grid', '2026-01-01T00:00:00.000Z');
      const loaded = new BuiltinRouter(loadPrepared(dir));
      const again = await loaded.table(points, points);
      expect(again.durationsS).toEqual(table.durationsS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('relations: one or several via ways are read in member order; mixed via members or two from ways are ignored', () => {
    const tags = { type: 'restriction', restriction: 'no_u_turn' };
    const m = (type: string, ref: number, role: string) => ({ type, ref, role });
    expect(restrictionOf({ type: 'relation', tags, members: [m('way', 1, 'from'), m('way', 7, 'via'), m('way', 8, 'via'), m('way', 2, 'to')] }))
      .toEqual({ fromWay: 1, viaWays: [7, 8], toWay: 2, only: false });
    expect(restrictionOf({ type: 'relation', tags, members: [m('way', 1, 'from'), m('node', 5, 'via'), m('way', 2, 'to')] }))
      .toEqual({ fromWay: 1, viaNode: 5, toWay: 2, only: false });
    expect(restrictionOf({ type: 'relation', tags, members: [m('way', 1, 'from'), m('node', 5, 'via'), m('way', 7, 'via'), m('way', 2, 'to')] })).toBeUndefined();
    expect(restrictionOf({ type: 'relation', tags, members: [m('way', 1, 'from'), m('way', 3, 'from'), m('way', 7, 'via'), m('way', 2, 'to')] })).toBeUndefined();
  });
});

describe('via-way restrictions on a generated city block grid (seeded)', () => {
  // 5 × 5 intersections a..y, every block side its own two-way street
  const LETTERS = 'abcdefghijklmnopqrstuvwxy';
  const map = '\n' + [0, 1, 2, 3, 4].map((r) => '  ' + [...LETTERS.slice(r * 5, r * 5 + 5)].join(' ')).join('\n') + '\n';
  const segments: string[] = [];
  for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) {
    const here = LETTERS[r * 5 + c]!;
    if (c < 4) segments.push(here + LETTERS[r * 5 + c + 1]);
    if (r < 4) segments.push(here + LETTERS[(r + 1) * 5 + c]);
  }
  const wayOf = (a: string, b: string) => segments.findIndex((s) => s === a + b || s === b + a);
  const neighbours = (x: string) => segments.filter((s) => s.includes(x)).map((s) => (s[0] === x ? s[1]! : s[0]!));

  test('no route drives a forbidden path, and the hierarchy agrees with a plain search on the copies, over 40 seeded restrictions', async () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const restrictions: Array<[number, number[], number, boolean]> = [];
    const forbidden: string[] = [];
    while (restrictions.length < 40) {
      // a random drive of 3 or 4 block sides without going back: from, one or two via ways, to
      const path = [LETTERS[rand(25)]!];
      const length = 4 + rand(2);
      while (path.length < length) {
        const options = neighbours(path[path.length - 1]!).filter((n) => !path.includes(n));
        if (options.length === 0) break;
        path.push(options[rand(options.length)]!);
      }
      if (path.length < length) continue;
      const ways = path.slice(1).map((b, i) => wayOf(path[i]!, b));
      restrictions.push([ways[0]!, ways.slice(1, -1), ways[ways.length - 1]!, false]);
      forbidden.push(path.join(''));
    }
    const g = gridNetwork(map, segments.map((s) => [s, R]), {}, [], restrictions);
    const r = new BuiltinRouter(g.prepare());
    const letters = (route: RouteResult) => {
      let out = '';
      for (const c of route.geometry.coordinates) {
        for (const ch of LETTERS) {
          const p = g.at(ch);
          if (Math.abs(p[0] - c[0]) < 1e-9 && Math.abs(p[1] - c[1]) < 1e-9 && !out.endsWith(ch)) out += ch;
        }
      }
      return out;
    };
    let checked = 0;
    for (let k = 0; k < 60; k++) {
      const a = LETTERS[rand(25)]!;
      const b = LETTERS[rand(25)]!;
      if (a === b) continue;
      // start and end mid-block, so a route may begin or end on a restricted road
      const from = g.between(a, neighbours(a)[0]!, 0.3);
      const to = g.between(b, neighbours(b)[0]!, 0.6);
      const ch = await r.route([from, to]);
      const plain = await r.route([from, to], { exclude: ['ferry'] });
      expect(ch.durationS).toBeCloseTo(plain.durationS, 6);
      const driven = letters(ch);
      for (const f of forbidden) expect(driven).not.toContain(f);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });
});
