import { BuiltinRouter } from '../BuiltinRouter';
import type { LngLat } from '../../Router';
import { gridNetwork, GRID_SPACING_M } from '../testing/gridExtract';
import { buildTurnGraph, ebNode, findTurn } from './turnGraph';
import { turnDurationS, truncateToTenths, U_TURN_PENALTY_S } from './turnPenalty';

// A four-way crossing x with dead-end arms; each arm is its own way (OSM restrictions need ways ending at the via node).
//     n
//   w x e
//     s
const CROSS = `
    n
  w x e
    s
`;
const ARMS: Array<[string, Record<string, string>]> = [
  ['sx', { highway: 'residential' }],
  ['xn', { highway: 'residential' }],
  ['wx', { highway: 'residential' }],
  ['xe', { highway: 'residential' }],
];
/** Rows are GRID_SPACING_M apart, letters two characters apart: north–south arms are 100 m, east–west arms 200 m. */
const V = GRID_SPACING_M;
const H = 2 * GRID_SPACING_M;

function chainBetween(router: BuiltinRouter, a: LngLat, b: LngLat): number {
  const net = router.network;
  for (let c = 0; c < net.chainCount; c++) {
    const f: [number, number] = [net.nodeLon[net.chainFrom[c]], net.nodeLat[net.chainFrom[c]]];
    const t: [number, number] = [net.nodeLon[net.chainTo[c]], net.nodeLat[net.chainTo[c]]];
    const same = (p: LngLat, q: LngLat) => Math.abs(p[0] - q[0]) < 1e-9 && Math.abs(p[1] - q[1]) < 1e-9;
    if ((same(f, a) && same(t, b)) || (same(f, b) && same(t, a))) return c;
  }
  throw new Error('no such chain');
}

describe('turns on the edge-based graph (car.lua process_turn)', () => {
  test('a left turn costs more than a right turn where traffic keeps right, by the sigmoid of the angle', async () => {
    const g = gridNetwork(CROSS, ARMS);
    const router = new BuiltinRouter(g.prepare());
    const right = await router.route([g.at('s'), g.at('e')]);
    const left = await router.route([g.at('s'), g.at('w')]);
    const straight = await router.route([g.at('s'), g.at('n')]);
    expect(right.distanceM).toBeCloseTo(V + H, -1);
    expect(left.distanceM).toBeCloseTo(V + H, -1);
    const rightS = truncateToTenths(turnDurationS({ angle: 90, numberOfRoads: 4, isUTurn: false, obstacleS: 0 }));
    const leftS = truncateToTenths(turnDurationS({ angle: -90, numberOfRoads: 4, isUTurn: false, obstacleS: 0 }));
    expect(rightS).toBeCloseTo(2.1, 6);
    expect(leftS).toBeCloseTo(5.3, 6);
    expect(left.durationS - right.durationS).toBeCloseTo(leftS - rightS, 6);
    // straight on costs (almost) nothing: its 200 m at 25 km/h, in tenths per segment
    expect(straight.durationS).toBeCloseTo((2 * V * 3.6) / 25, 0);
  });

  test('no U-turn in the middle of a crossing, one at a dead end with its 20 s penalty', () => {
    const g = gridNetwork(CROSS, ARMS);
    const prepared = g.prepare();
    const router = new BuiltinRouter(prepared);
    const sx = chainBetween(router, g.at('s'), g.at('x'));
    const xn = chainBetween(router, g.at('x'), g.at('n'));
    const net = prepared.network;
    const x = [net.chainFrom[sx], net.chainTo[sx]].find((v) => v === net.chainFrom[xn] || v === net.chainTo[xn])!;
    const n = net.chainFrom[xn] === x ? net.chainTo[xn] : net.chainFrom[xn];
    const arriving = (c: number, v: number) => ebNode(c, net.chainTo[c] !== v);
    const turns = buildTurnGraph(net);
    const atX = arriving(sx, x);
    expect(findTurn(turns, atX, atX ^ 1)).toBe(-1); // back toward s
    expect(findTurn(turns, atX, ebNode(xn, net.chainFrom[xn] !== x))).toBeGreaterThanOrEqual(0); // straight on
    const atN = arriving(xn, n);
    const u = findTurn(turns, atN, atN ^ 1);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(turns.turnS[u]).toBeGreaterThan(U_TURN_PENALTY_S);
    expect(turns.turnS[u]).toBeLessThan(U_TURN_PENALTY_S + 7.5);
  });

  test('no_left_turn from s into w sends the car straight on, round at the dead end and right into w', async () => {
    const g = gridNetwork(CROSS, ARMS, {}, [[0, 'x', 2, false]]);
    const router = new BuiltinRouter(g.prepare());
    const r = await router.route([g.between('s', 'x', 0.25), g.at('w')]);
    expect(r.distanceM).toBeCloseTo(0.75 * V + 2 * V + H, -1);
    expect(r.durationS).toBeGreaterThan(U_TURN_PENALTY_S + ((2.75 * V + H) * 3.6) / 25);
    // the other turns stay open
    expect((await router.route([g.between('s', 'x', 0.25), g.at('e')])).distanceM).toBeCloseTo(0.75 * V + H, -1);
  });

  test('only_straight_on from s forbids both turns at x', async () => {
    const g = gridNetwork(CROSS, ARMS, {}, [[0, 'x', 1, true]]);
    const router = new BuiltinRouter(g.prepare());
    const toEast = await router.route([g.between('s', 'x', 0.25), g.at('e')]);
    expect(toEast.distanceM).toBeCloseTo(0.75 * V + 2 * V + H, -1);
  });

  test('a traffic signal at the crossing costs 2 s on every turn through it', async () => {
    const plain = gridNetwork(CROSS, ARMS);
    const signalled = gridNetwork(CROSS, ARMS, { x: { highway: 'traffic_signals' } });
    const a = await new BuiltinRouter(plain.prepare()).route([plain.at('s'), plain.at('n')]);
    const b = await new BuiltinRouter(signalled.prepare()).route([signalled.at('s'), signalled.at('n')]);
    expect(b.durationS - a.durationS).toBeCloseTo(2, 6);
  });

  test('a destination-only road is not used as a short cut, but is reached when it is the destination', async () => {
    //   a b c
    //   d e f
    const g = gridNetwork(
      `
      a b c
      d e f
      `,
      [
        ['abc', { highway: 'residential' }],
        ['adef', { highway: 'residential' }],
        ['cf', { highway: 'residential' }],
        ['be', { highway: 'residential', access: 'destination' }],
      ],
    );
    const router = new BuiltinRouter(g.prepare());
    const across = await router.route([g.at('b'), g.between('e', 'f')]);
    expect(across.distanceM).toBeCloseTo(H + V + H / 2, -1); // b c f, then half of f–e; not down b–e
    const into = await router.route([g.at('a'), g.between('b', 'e')]);
    expect(into.distanceM).toBeCloseTo(H + V / 2, -1);
  });

  test('a one-way street whose target lies behind the start loops round the block instead of reversing', async () => {
    //   a b
    //   c d
    const g = gridNetwork(
      `
      a b
      c d
      `,
      [
        ['ab', { highway: 'residential', oneway: 'yes' }],
        ['bdca', { highway: 'residential', oneway: 'yes' }],
      ],
    );
    const router = new BuiltinRouter(g.prepare());
    const r = await router.route([g.between('a', 'b', 0.75), g.between('a', 'b', 0.25)]);
    expect(r.distanceM).toBeCloseTo(0.25 * 200 + 400 + 0.25 * 200, -1); // b d c a: 100 + 200 + 100 m
    const t = await router.table([g.between('a', 'b', 0.75)], [g.between('a', 'b', 0.25)]);
    expect(t.distancesM[0][0]).toBeCloseTo(r.distanceM, 6);
    expect(t.durationsS[0][0]).toBeCloseTo(r.durationS, 6);
  });
});
