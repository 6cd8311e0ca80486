import { BuiltinRouter } from './BuiltinRouter';
import { gridNetwork, GRID_SPACING_M } from './testing/gridExtract';
import type { LngLat } from '../Router';

// A block of two-way streets: a b c on top, d e f below (rows 100 m apart, letters 200 m apart).
const block = gridNetwork(
  `
  a b c
  d e f
  `,
  [
    ['abc', { highway: 'residential' }],
    ['def', { highway: 'residential' }],
    ['ad', { highway: 'residential' }],
    ['be', { highway: 'residential' }],
    ['cf', { highway: 'residential' }],
  ],
);
const router = new BuiltinRouter(block.prepare());
const M_PER_DEG_LAT = 111_195;
/** A rider standing 8 m north of the middle of a–b: on the right of a westbound car. */
const mid = block.between('a', 'b');
const northOfAB: LngLat = [mid[0], mid[1] + 8 / M_PER_DEG_LAT];

describe('curb-side approaches (OSRM approaches=curb, traffic keeps right)', () => {
  test('without a curb wish the car drives straight from a to the rider', async () => {
    const r = await router.route([block.at('a'), northOfAB]);
    expect(r.distanceM).toBeCloseTo(GRID_SPACING_M, -1);
  });

  test('with curb the car must arrive westbound, so it goes round by b and comes back', async () => {
    const r = await router.route([block.at('a'), northOfAB], { approaches: [null, 'curb'] });
    // a→b is not enough: it arrives heading east with the rider on its left; a d e b then west to the rider
    expect(r.distanceM).toBeCloseTo(100 + 200 + 100 + 100, -1);
    const last = r.geometry.coordinates.slice(-2);
    expect(last[1][0]).toBeLessThan(last[0][0]); // the final stretch heads west
  });

  test('a curb departure leaves with the point on the right too', async () => {
    const r = await router.route([northOfAB, block.at('b')], { approaches: ['curb', null] });
    expect(r.distanceM).toBeGreaterThan(3 * GRID_SPACING_M);
    const free = await router.route([northOfAB, block.at('b')]);
    expect(free.distanceM).toBeCloseTo(GRID_SPACING_M, -1);
  });

  test('the table honours curb approaches per source and destination', async () => {
    const t = await router.table([block.at('a')], [northOfAB], { destinationApproaches: ['curb'] });
    const r = await router.route([block.at('a'), northOfAB], { approaches: [null, 'curb'] });
    expect(t.durationsS[0][0]).toBeCloseTo(r.durationS, 6);
    expect(t.distancesM[0][0]).toBeCloseTo(r.distanceM, 6);
  });

  test('on a one-way street curb keeps the only direction there is', async () => {
    const oneway = gridNetwork(
      `
      a b
      `,
      [['ab', { highway: 'residential', oneway: 'yes' }]],
    );
    const r = new BuiltinRouter(oneway.prepare());
    const m = oneway.between('a', 'b');
    const p: LngLat = [m[0], m[1] + 8 / M_PER_DEG_LAT]; // on the left of the eastbound lane
    const route = await r.route([oneway.at('a'), p], { approaches: [null, 'curb'] });
    expect(route.distanceM).toBeCloseTo(GRID_SPACING_M, -1);
  });

  test('a radius smaller than the snap distance refuses the point with NoSegment', async () => {
    await expect(router.route([block.at('a'), northOfAB], { radiuses: [null, 5] })).rejects.toMatchObject({ code: 'NoSegment' });
    await expect(router.route([block.at('a'), northOfAB], { radiuses: [null, 20] })).resolves.toBeDefined();
  });

  test('a bearing keeps only roads driven in that heading', async () => {
    // heading west (270 ± 20) on a–b: the car must come from b
    const r = await router.route([block.at('a'), mid], { bearings: [null, [270, 20]] });
    expect(r.distanceM).toBeGreaterThan(3 * GRID_SPACING_M);
  });
});
