import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDarpSolution } from './checkDarpSolution';
import { loadCordeauFile } from './loadCordeauFile';
import { darpToDispatchProblem, solveDarp } from './solveDarp';

const DATA = join(__dirname, '..', '..', '..', 'shared', 'data', 'darp');

function bestKnown(name: string): number {
  const row = readFileSync(join(DATA, 'best-known.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name},`));
  if (!row) throw new Error(`no best-known cost for ${name}`);
  return Number(row.split(',')[1]);
}

describe('DARP solver on the dispatch engine', () => {
  test('request i becomes a trip from node i to node n+i on a Euclidean matrix, windows tightened', () => {
    const inst = loadCordeauFile(join(DATA, 'instances', 'a2-16.txt'));
    const problem = darpToDispatchProblem(inst);
    expect(problem.requests).toHaveLength(16);
    expect(problem.vehicles).toHaveLength(2);
    expect(problem.requests[8]).toMatchObject({ pickup: { node: 9, earliestS: 276, latestS: 291, serviceS: 3 }, dropoff: { node: 25 }, seats: 1, maxRideS: 30 });
    // The dropoff's open window [0, 1440] is tightened to what the pickup window and L imply.
    const direct = problem.travelTimes.durationS(9, 25);
    expect(problem.requests[8].dropoff.earliestS).toBeCloseTo(276 + 3 + direct);
    expect(problem.requests[8].dropoff.latestS).toBeCloseTo(291 + 3 + 30);
    expect(problem.vehicles[0]).toMatchObject({ start: { node: 0, latestS: 480 }, end: { node: 33, latestS: 480 }, seats: 3, maxDurationS: 480 });
    expect(problem.travelTimes.durationS(0, 1)).toBeCloseTo(Math.hypot(1.198, 5.164));
  });

  test('a2-16 is solved in a few seconds, feasibly, within 1% of the best known', () => {
    const inst = loadCordeauFile(join(DATA, 'instances', 'a2-16.txt'));
    const solution = solveDarp(inst, { maxIterations: 15000, seed: 1 });
    const check = checkDarpSolution(inst, solution.routes);
    expect(check.violations).toEqual([]);
    expect(check.cost).toBeCloseTo(solution.cost, 6);
    expect(solution.unassigned).toBe(0);
    expect(check.cost).toBeLessThanOrEqual(bestKnown('a2-16') * 1.01);
  });

  test('same seed and iteration budget give the same routes', () => {
    const inst = loadCordeauFile(join(DATA, 'instances', 'a3-18.txt'));
    const a = solveDarp(inst, { maxIterations: 300, seed: 5 });
    const b = solveDarp(inst, { maxIterations: 300, seed: 5 });
    expect(a.routes).toEqual(b.routes);
    expect(checkDarpSolution(inst, a.routes).feasible).toBe(true);
  });
});
