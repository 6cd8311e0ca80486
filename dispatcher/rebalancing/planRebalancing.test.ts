import type { LngLat } from '../../routing/Router';
import { cellKeyOf, demandCells } from './demandCells';
import { planRebalancing, type RebalancingLimits } from './planRebalancing';

/**
 * A strip of 1 km cells along a street at the equator (1° of longitude ≈ 111 km there):
 *
 *     cell 0        cell 1        cell 2        cell 3
 *     A B C         .             busy          .
 *
 * Three vehicles stand idle in cell 0; past days called 6 times an hour in cell 2, 3 in cell 0, none elsewhere.
 */
const KM = 1 / 111.32; // degrees of longitude per km at the equator
const at = (km: number): LngLat => [km * KM, 0.0001];
const LIMITS: RebalancingLimits = { cellM: 1000, referenceLat: 0, minIdleS: 60, maxMoveM: 5000, minExpectedPerHour: 0.5 };
const pastPickups = (km: number, n: number): LngLat[] => Array.from({ length: n }, () => at(km));

describe('the demand heatmap of the coming hour', () => {
  test('pickups of past days in the same hour are counted per cell and per day, busiest cell first', () => {
    // Two days looked back, a one-hour window: 12 past pickups in cell 2 are 6 an hour, 6 in cell 0 are 3.
    const cells = demandCells([...pastPickups(0.5, 6), ...pastPickups(2.5, 12)], { cellM: 1000, days: 2, windowS: 3600, referenceLat: 0 });
    expect(cells.map((c) => [c.key, c.expectedPerHour])).toEqual([
      [cellKeyOf(at(2.5), 1000, 0), 6],
      [cellKeyOf(at(0.5), 1000, 0), 3],
    ]);
    expect(cells[0].center[0]).toBeCloseTo(2.5 * KM, 9);
  });

  test('a half-hour window counts double per hour', () => {
    const cells = demandCells(pastPickups(0.5, 3), { cellM: 1000, days: 1, windowS: 1800, referenceLat: 0 });
    expect(cells.map((c) => c.expectedPerHour)).toEqual([6]);
  });
});

describe('idle vehicles sent toward expected demand', () => {
  const cells = demandCells([...pastPickups(0.5, 3), ...pastPickups(2.5, 6)], { cellM: 1000, days: 1, windowS: 3600, referenceLat: 0 });
  const idleAt = (positions: Array<[string, number]>, idleSinceS = 0) => positions.map(([id, km]) => ({ id, position: at(km), idleSinceS }));

  test('three idle vehicles in the quiet cell: two of them go to the busy cell, the third stays', () => {
    const moves = planRebalancing(idleAt([['A', 0.2], ['B', 0.4], ['C', 0.6]]), cells, 600, LIMITS);
    // Shares 6:3 of 3 vehicles are 2 and 1; the nearest ones to cell 2 (C at 0.6 km, then B at 0.4 km) move.
    expect(moves.map((m) => [m.vehicleId, m.cellKey])).toEqual([
      ['C', cells[0].key],
      ['B', cells[0].key],
    ]);
    expect(moves[0].distanceM).toBeCloseTo(1900, -1);
  });

  test('vehicles already where the demand is stay where they are', () => {
    expect(planRebalancing(idleAt([['A', 0.5], ['B', 2.4], ['C', 2.6]]), cells, 600, LIMITS)).toEqual([]);
  });

  test('a vehicle that has just dropped a rider off waits there a while before it is moved', () => {
    const moves = planRebalancing(idleAt([['A', 0.2], ['B', 0.4], ['C', 0.6]], 590), cells, 600, LIMITS);
    expect(moves).toEqual([]);
  });

  test('no vehicle is sent farther than the longest move', () => {
    const moves = planRebalancing(idleAt([['A', 0.2], ['B', 0.4], ['C', 0.6]]), cells, 600, { ...LIMITS, maxMoveM: 1500 });
    expect(moves).toEqual([]);
  });

  test('a cell with only a stray past trip draws no vehicle', () => {
    const stray = demandCells(pastPickups(2.5, 1), { cellM: 1000, days: 4, windowS: 3600, referenceLat: 0 });
    expect(planRebalancing(idleAt([['A', 0.2]]), stray, 600, LIMITS)).toEqual([]);
  });

  test('no idle vehicle or no past demand: nothing moves', () => {
    expect(planRebalancing([], cells, 600, LIMITS)).toEqual([]);
    expect(planRebalancing(idleAt([['A', 0.2]]), [], 600, LIMITS)).toEqual([]);
  });
});
