import type { FleetVehicleView } from '../../protocol/realtime';
import { fleetChanges } from './fleetChanges';

function bus(id: string, over: Partial<FleetVehicleView> = {}): FleetVehicleView {
  return { id, location: [127.1, 37.5], headingDeg: null, activity: 'idle', onBoard: 0, stops: 0, atS: 100, ...over };
}

describe('fleetChanges', () => {
  test('new, changed and gone vehicles between two sorted views; a new atS alone is no change', () => {
    const before = [bus('a'), bus('b'), bus('c'), bus('d'), bus('e'), bus('f')];
    const after = [
      bus('a', { atS: 200 }), // only the time: left out
      bus('b', { location: [127.2, 37.5] }),
      bus('bb'), // new, between two old ones
      bus('c', { activity: 'to_pickup', stops: 1 }),
      bus('e', { headingDeg: 90 }),
      bus('f', { onBoard: 2 }),
      bus('g'),
    ];
    expect(fleetChanges(before, after)).toEqual({ vehicles: [after[1], after[2], after[3], after[4], after[5], after[6]], removed: ['d'] });
  });

  test('from and to an empty fleet', () => {
    const fleet = [bus('a'), bus('b')];
    expect(fleetChanges([], fleet)).toEqual({ vehicles: fleet, removed: [] });
    expect(fleetChanges(fleet, [])).toEqual({ vehicles: [], removed: ['a', 'b'] });
    expect(fleetChanges(fleet, fleet.map((v) => ({ ...v, location: [v.location[0], v.location[1]] as [number, number] })))).toEqual({ vehicles: [], removed: [] });
  });
});
