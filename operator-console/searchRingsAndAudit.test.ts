import type { BoardTrip } from '../protocol/board';
import { eventDetails } from './AuditTrail';
import { matchesSearch } from './TripBoard';
import { closedRing } from './closedRing';

/** The fields the search reads; the rest of the view does not matter to it. */
const trip = (over: Partial<BoardTrip>): BoardTrip => ({ id: 'trip-7f3a', riderId: '010-5555-0101', riderName: 'Hana', vehicleId: 'bus-east', ...over }) as BoardTrip;

describe('the trip search', () => {
  test.each([
    ['hana', true],
    ['HAN', true],
    ['5555', true],
    ['7f3a', true],
    ['BUS-EAST', true],
    ['  ', true],
    ['minji', false],
    ['bus-west', false],
  ])('"%s" matches Hana\'s trip on bus-east: %s', (q, expected) => {
    expect(matchesSearch(trip({}), q)).toBe(expected);
  });

  test('a trip without a rider name or vehicle is found by its id, and not by "null"', () => {
    expect(matchesSearch(trip({ riderName: null, vehicleId: null }), '7f3a')).toBe(true);
    expect(matchesSearch(trip({ riderName: null, vehicleId: null }), 'null')).toBe(false);
  });
});

describe('a drawn service area', () => {
  test('its corners close into a GeoJSON ring (the first corner again at the end)', () => {
    expect(closedRing([[1, 1], [2, 1], [2, 2]])).toEqual([[1, 1], [2, 1], [2, 2], [1, 1]]);
  });
  test('a ring already closed stays as it is', () => {
    expect(closedRing([[1, 1], [2, 1], [2, 2], [1, 1]])).toEqual([[1, 1], [2, 1], [2, 2], [1, 1]]);
  });
});

describe('an audit entry', () => {
  test('who, why and the action have their own columns; the rest of the payload is listed as details', () => {
    expect(eventDetails({ action: 'assign', by: 'operator:desk-1', reason: 'flat tyre', fromVehicleId: 'bus-east', toVehicleId: 'bus-west', violations: [{ code: 'LatePickup' }] })).toBe(
      'fromVehicleId=bus-east · toVehicleId=bus-west · violations=[{"code":"LatePickup"}]',
    );
  });
});
