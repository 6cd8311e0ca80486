import { fleetLocations } from '../fleet/compileFleetProblem';
import { DEFAULT_POLICY } from '../fleet/DispatchPolicy';
import { grid, minutes, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { runReoptimizeJob, type ReoptimizeJob } from './ReoptimizeJob';
import { ReoptimizeWorker } from './ReoptimizeWorker';

/** A trip given to the far vehicle A while B passes by: a re-plan worth making. */
function farVehicleJob(): ReoptimizeJob {
  const at = grid(`
    a..........................b
    .............p.q............
  `);
  const moved = trip('moved', 'A', at('p'), at('q'), { pickupEarliestS: T0, pickupLatestS: T0 + 25 * 60, arriveByS: T0 + 3600 });
  const vehicles = [withTrips(vehicle('A', at('a'), at('a')), [moved]), vehicle('B', at('b'), at('b'))];
  const { points, ...loc } = fleetLocations(vehicles);
  const n = points.length;
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) d[a * n + b] = minutes(points[a], points[b]);
  return { vehicles, trips: [moved], loc, size: n, durationsS: d, distancesM: d, policy: { ...DEFAULT_POLICY, serviceS: 0 }, nowS: T0, search: { maxIterations: 300, seed: 3 } };
}

describe('the re-optimizer search thread', () => {
  const worker = new ReoptimizeWorker();
  afterAll(() => worker.close());

  test('a seeded, iteration-bounded search in the worker gives the plan the same search gives in place', async () => {
    const job = farVehicleJob();
    const inPlace = runReoptimizeJob(job);
    if (!inPlace) throw new Error('expected the trip to move to B');
    expect(await worker.run(job)).toEqual(inPlace);
    expect(inPlace.moved).toEqual([{ tripId: 'moved', fromVehicleId: 'A', toVehicleId: 'B' }]);
  });

  test('a job the search cannot read fails with the worker error, and the next job is still served', async () => {
    const broken = { ...farVehicleJob(), size: 3 }; // the matrix does not have 3×3 entries
    await expect(worker.run(broken)).rejects.toThrow(/re-optimization failed in the worker: RangeError/);
    expect(await worker.run(farVehicleJob())).not.toBeNull();
  });

  test('after close() the next job starts a fresh thread', async () => {
    await worker.close();
    expect(await worker.run(farVehicleJob())).not.toBeNull();
  });

  test('a job sent while the idle thread is being closed is served by a fresh thread, not failed by the old one stopping', async () => {
    const quick = new ReoptimizeWorker(60_000);
    try {
      expect(await quick.run(farVehicleJob())).not.toBeNull();
      // The idle close terminates the thread; the next round's job comes while it stops (as a what-if's rounds do).
      const closing = quick.close();
      const next = quick.run(farVehicleJob());
      await closing;
      expect(await next).not.toBeNull();
    } finally {
      await quick.close();
    }
  });
});
