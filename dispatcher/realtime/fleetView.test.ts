import { grid, T0, trip, vehicle, withTrips } from '../testing/fleetScenario';
import { fleetView, type PositionFix } from './fleetView';

const at = grid(`
  I  P  C
  D  Q  O
`);

describe('fleetView', () => {
  test('idle, driving to a pickup, carrying, and off shift since its last fix', () => {
    const toPickup = trip('t1', 'bus-p', at('Q'), at('O'));
    const riding = trip('t2', 'bus-c', at('C'), at('O'), { onBoard: true, passengers: 3 });
    const vehicles = new Map([
      ['bus-i', vehicle('bus-i', at('I'), at('D'))],
      ['bus-p', withTrips(vehicle('bus-p', at('P'), at('D')), [toPickup])],
      ['bus-c', withTrips(vehicle('bus-c', at('C'), at('D')), [riding])],
    ]);
    const trips = new Map([toPickup, riding].map((t) => [t.id, t]));
    const fixes = new Map<string, PositionFix>([
      ['bus-c', { location: at('C'), headingDeg: 90, atS: T0 - 3 }],
      ['bus-o', { location: at('O'), headingDeg: null, atS: T0 - 600 }],
    ]);

    const views = fleetView({ vehicles, trips }, fixes, T0);

    expect(views.map((v) => [v.id, v.activity, v.onBoard, v.stops, v.headingDeg, v.atS])).toEqual([
      ['bus-c', 'carrying', 3, 1, 90, T0 - 3],
      ['bus-i', 'idle', 0, 0, null, T0],
      ['bus-o', 'off_shift', 0, 0, null, T0 - 600],
      ['bus-p', 'to_pickup', 0, 2, null, T0],
    ]);
    expect(views.find((v) => v.id === 'bus-p')!.location).toEqual(at('P'));
  });
});
