import { ChangeFeed } from '../realtime/ChangeFeed';
import { grid, MINUTE, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { LiveEtas } from './LiveEtas';

/** The vehicle at v has one rider to pick up at a (4 min away) and drop at b. */
const at = grid(`
  v...a...b
`);

function setUp() {
  const predictions: { tripId: string; horizon: number; etaS: number }[] = [];
  const pushed: string[][] = [];
  const changes = new ChangeFeed();
  changes.on('etas', (e) => pushed.push(e.tripIds));
  const etas = new LiveEtas({ recordEtaPrediction: async (tripId, horizon, etaS) => void predictions.push({ tripId, horizon, etaS }) }, changes, () => {});
  const v = withTrips(vehicle('v', at('v'), at('v')), [trip('r', 'v', at('a'), at('b'))]);
  return { etas, v, predictions, pushed };
}

describe('live ETAs on every position', () => {
  test('heldUp_riderTold: an ETA that moves 30 s or more is pushed; jitter below it is not', async () => {
    const { etas, v, pushed } = setUp();
    etas.update(v, T0);
    expect(v.stops.map((s) => s.etaS)).toEqual([T0 + 4 * MINUTE, T0 + 8 * MINUTE]);
    expect(pushed).toEqual([]); // the first estimate is what the plan already said
    etas.update(v, T0 + 20);
    expect(pushed).toEqual([]);
    etas.update(v, T0 + 40); // 40 s later than the last sent
    expect(pushed).toEqual([['r']]);
    expect(v.stops[0].etaS).toBe(T0 + 40 + 4 * MINUTE);
  });

  test('pickupComesNear_predictionsKeptOnce: the ETA when the pickup is 10 and then 5 minutes away, once each', async () => {
    const { etas, v, predictions } = setUp();
    v.stops[0].legS = 12 * MINUTE;
    etas.update(v, T0);
    expect(predictions).toEqual([]);
    etas.update(v, T0 + 3 * MINUTE); // 12 min of driving from +3: 12 min away, still beyond 10
    v.stops[0].legS = 9 * MINUTE;
    etas.update(v, T0 + 4 * MINUTE);
    etas.update(v, T0 + 5 * MINUTE);
    v.stops[0].legS = 4 * MINUTE;
    etas.update(v, T0 + 6 * MINUTE);
    etas.update(v, T0 + 7 * MINUTE);
    expect(predictions).toEqual([
      { tripId: 'r', horizon: 10, etaS: T0 + 13 * MINUTE },
      { tripId: 'r', horizon: 5, etaS: T0 + 10 * MINUTE },
    ]);
  });
});
