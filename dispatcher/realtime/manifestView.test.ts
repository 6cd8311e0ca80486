import { DEFAULT_POLICY } from '../fleet/DispatchPolicy';
import { grid, MINUTE, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import type { RouteStep } from '../../routing/Router';
import { manifestView, shortName } from './manifestView';

const at = grid(`
  V  A  B
  D     C
`);

describe('manifestView', () => {
  test('vehicleWithTwoRiders_oneOnBoard_listsStopsInServiceOrderWithNamesAndPromises', () => {
    const onBoard = trip('t1', 'bus-1', at('A'), at('C'), { onBoard: true, riderName: 'Minji Kim', passengers: 2 });
    const waiting = trip('t2', 'bus-1', at('B'), at('C'), { riderName: 'J.', wheelchairs: 1 });
    const bus = withTrips(vehicle('bus-1', at('V'), at('D'), { scheduleVersion: 7 }), [onBoard, waiting]);
    bus.stops[0].arrivedAtS = T0;
    const trips = new Map([onBoard, waiting].map((t) => [t.id, t]));

    const manifest = manifestView('bus-1', bus, trips, [at('V'), at('A'), at('C')]);

    expect(manifest).toMatchObject({ vehicleId: 'bus-1', onShift: true, shiftEndsAt: bus.shiftEndS, scheduleVersion: 7 });
    expect(manifest.stops.map((s) => [s.kind, s.tripId, s.riderName, s.passengers, s.wheelchairs, s.state])).toEqual([
      ['dropoff', 't1', 'Minji', 2, 0, 'arrived'],
      ['pickup', 't2', 'J.', 1, 1, 'planned'],
      ['dropoff', 't2', 'J.', 1, 1, 'planned'],
    ]);
    expect(manifest.stops[1]).toMatchObject({ earliestS: T0, latestS: T0 + 30 * MINUTE, plannedAt: bus.stops[1].plannedArrivalS });
    expect(manifest.routeToNext).toEqual([at('V'), at('A'), at('C')]);
  });

  test('arrivedAtAPickup_showsWhenTheNoShowWaitEnds_andEachStopsStreet', () => {
    const waiting = trip('t3', 'bus-1', at('B'), at('C'), { riderName: 'Ana' });
    const bus = withTrips(vehicle('bus-1', at('V'), at('D')), [waiting]);
    bus.stops[0].arrivedAtS = T0 + 2 * MINUTE;
    const manifest = manifestView('bus-1', bus, new Map([[waiting.id, waiting]]), [], {
      policy: { ...DEFAULT_POLICY, noShowWaitS: 5 * MINUTE },
      nowS: T0 + 2 * MINUTE,
      streetOf: (p) => (p === bus.stops[0].location ? '송파대로' : 'Olympic-ro'),
    });
    expect(manifest.stops.map((s) => [s.kind, s.street, s.noShowAllowedAtS])).toEqual([
      ['pickup', '송파대로', T0 + 7 * MINUTE],
      ['dropoff', 'Olympic-ro', null],
    ]);
  });

  test('vehicleOffShift_hasAnEmptyManifest', () => {
    expect(manifestView('bus-9', undefined, new Map(), [])).toEqual({ vehicleId: 'bus-9', onShift: false, shiftEndsAt: null, scheduleVersion: 0, stops: [], routeToNext: [], maneuversToNext: [], offSiteStopM: 150 });
  });

  test('vehicleWithNoStops_drawsNoRoute', () => {
    expect(manifestView('bus-1', vehicle('bus-1', at('V'), at('D')), new Map(), [at('V'), at('D')]).routeToNext).toEqual([]);
  });

  test('routeWithSteps_eachManeuverSaysHowFarAlongTheRouteItComes', () => {
    const waiting = trip('t4', 'bus-1', at('C'), at('D'), { riderName: 'Ana' });
    const bus = withTrips(vehicle('bus-1', at('V'), at('D')), [waiting]);
    const step = (type: RouteStep['type'], name: string, location: RouteStep['location'], distanceM: number, modifier?: RouteStep['modifier']): RouteStep => ({
      type, name, location, distanceM, durationS: distanceM / 10, bearingBefore: 90, bearingAfter: 180.4, geometry: [], intersections: [], ...(modifier ? { modifier } : {}),
    });
    const steps = [step('depart', '송파대로', at('V'), 240.25), step('turn', '오금로', at('B'), 120, 'right'), step('arrive', '오금로', at('C'), 0)];
    const manifest = manifestView('bus-1', bus, new Map([[waiting.id, waiting]]), [at('V'), at('B'), at('C')], { policy: DEFAULT_POLICY, nowS: T0, stepsToNext: steps });
    expect(manifest.maneuversToNext).toEqual([
      { type: 'depart', name: '송파대로', location: at('V'), bearingAfter: 180, atM: 0 },
      { type: 'turn', modifier: 'right', name: '오금로', location: at('B'), bearingAfter: 180, atM: 240.3 },
      { type: 'arrive', name: '오금로', location: at('C'), bearingAfter: 180, atM: 360.3 },
    ]);
  });

  test.each([
    ['Minji Kim', 'Minji'],
    ['  Ana ', 'Ana'],
    ['', ''],
    [undefined, ''],
    ['17', ''],
    ['J.', 'J.'],
    ['민지', '민지'],
    ['Bartholomew-Maximilian-Alexander', 'Bartholomew-Maximili'],
  ])('the driver sees %p as %p', (name, shown) => {
    expect(shortName(name)).toBe(shown);
  });
});
