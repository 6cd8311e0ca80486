import { DEFAULT_POLICY } from './DispatchPolicy';
import { grid, MINUTE, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { latestDeparture } from './latestDeparture';

const policy = { ...DEFAULT_POLICY, serviceS: 0 };

describe('how long a vehicle may stay at the stop it stands at', () => {
  test('a rider on board due in 10 minutes, 4 minutes away: the vehicle must leave within 6 minutes', () => {
    const at = grid(`
      p...q
    `);
    const riding = trip('riding', 'v', at('p'), at('q'), { onBoard: true, arriveByS: T0 + 10 * MINUTE });
    const waitingFor = trip('late', 'v', at('p'), at('q'));
    // Stands at p for 'late'; then drops 'riding' and 'late' at q.
    const v = withTrips(vehicle('v', at('p'), at('p')), [waitingFor, riding]);
    v.stops = [v.stops[0], ...v.stops.filter((s) => s.tripId === 'riding'), v.stops[1]];
    v.stops[1].legS = v.stops[1].legM = 4 * MINUTE;
    v.stops[2].legS = v.stops[2].legM = 0;
    v.stops[0].arrivedAtS = T0;
    const trips = new Map([['riding', riding], ['late', waitingFor]]);
    expect(latestDeparture(v, trips, policy, T0)).toBeCloseTo(T0 + 6 * MINUTE, 6);
  });

  test('nothing promised after this stop: the vehicle may stay', () => {
    const at = grid('p...q');
    const only = trip('only', 'v', at('p'), at('q'));
    const v = withTrips(vehicle('v', at('p'), at('p')), [only]);
    v.stops = [v.stops[0]];
    expect(latestDeparture(v, new Map([['only', only]]), policy, T0)).toBe(Infinity);
  });
});
