import { grid, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { manifestView } from './manifestView';

/**
 *     V  .  R        V: an idle bus; R: where the rebalancer sent it
 *     A     B        a rider from A to B
 */
const at = grid(`
  V  .  R
  A     B
`);

describe('a reposition in the driver manifest', () => {
  test('an idle bus the rebalancer sent toward R is told to drive there', () => {
    const bus = vehicle('bus-1', at('V'), at('V'), { scheduleVersion: 4 });
    bus.reposition = { to: at('R'), scheduleVersion: 4 };
    expect(manifestView('bus-1', bus, new Map(), []).repositionTo).toEqual(at('R'));
  });

  test('a new rider voids the reposition: the schedule moved on, and the stops come first', () => {
    const rider = trip('t1', 'bus-1', at('A'), at('B'));
    const bus = withTrips(vehicle('bus-1', at('V'), at('V'), { scheduleVersion: 5 }), [rider]);
    bus.reposition = { to: at('R'), scheduleVersion: 4 };
    const manifest = manifestView('bus-1', bus, new Map([[rider.id, rider]]), [at('V'), at('A')]);
    expect(manifest.stops.map((s) => s.kind)).toEqual(['pickup', 'dropoff']);
    expect('repositionTo' in manifest).toBe(false);
  });

  test('back to idle after that rider, the bus is not sent to the old target again', () => {
    const bus = vehicle('bus-1', at('B'), at('V'), { scheduleVersion: 7 });
    bus.reposition = { to: at('R'), scheduleVersion: 4 };
    expect('repositionTo' in manifestView('bus-1', bus, new Map(), [])).toBe(false);
  });
});
