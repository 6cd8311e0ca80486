import { measureStreetPattern } from './streetPattern';
import { syntheticCity } from './syntheticCity';

/**
 * The default synthetic city has the street pattern measured on the real extracts (docs/benchmarks.md): mostly
 * shape points, junctions mostly T's with some dead ends and four-way crossings, a share of one-way length; the
 * grid layout has none of that. Checked on two seeds and two sizes so the calibration is not one lucky city.
 */
describe.each([
  [3_000, 1],
  [12_000, 2],
])('synthetic city of %d road nodes (seed %d)', (size, seed) => {
  test('the default city has the measured street pattern', () => {
    const city = syntheticCity(size, seed);
    const p = measureStreetPattern(city.extract, city.highwayOf);
    expect(Math.abs(p.roadNodes - size) / size).toBeLessThan(0.15);
    expect(p.degree2Share).toBeGreaterThan(0.7);
    expect(p.degree2Share).toBeLessThan(0.9);
    expect(p.threeWayShare).toBeGreaterThan(0.5);
    expect(p.fourWayShare).toBeGreaterThan(0.05);
    expect(p.fourWayShare).toBeLessThan(0.3);
    expect(p.deadEndShare).toBeGreaterThan(0.05);
    expect(p.oneWayShare).toBeGreaterThan(0.2);
    expect(p.oneWayShare).toBeLessThan(0.5);
    expect(p.classShare.residential).toBeLessThan(0.6);
    expect(p.edgeBasedPerRoadNode).toBeLessThan(1);
  });

  test('the grid layout is four-way junctions without shape points', () => {
    const city = syntheticCity(size, seed, 'grid');
    const p = measureStreetPattern(city.extract, city.highwayOf);
    expect(p.degree2Share).toBeLessThan(0.1);
    expect(p.fourWayShare).toBeGreaterThan(0.7);
    expect(p.edgeBasedPerRoadNode).toBeGreaterThan(3);
  });
});
