import type { PlannedStop } from '../fleet/FleetModel';
import { FleetState } from '../fleet/FleetState';
import type { TripRecord, VehicleRecord } from '../persistence/records';
import { boardColumn, boardView } from './boardView';

const T0 = 1_800_000_000;
const HOME: [number, number] = [127.1, 37.5];

function trip(id: string, state: TripRecord['state'], vehicleId: string | null, riderName: string | null = null): TripRecord {
  return {
    id, riderId: `r-${id}`, riderName, idempotencyKey: null, origin: HOME, destination: HOME, originSnapped: HOME, destinationSnapped: HOME, walkToPickupM: 0,
    passengers: 1, wheelchairs: 0, requestedPickupAtS: T0, promise: { pickupEarliestS: T0, pickupLatestS: T0 + 600, latestArrivalS: T0 + 1800 },
    offerExpiresAtS: state === 'offered' ? T0 + 120 : null, actualPickupAtS: null, actualDropoffAtS: null, state, rejectReason: null, cancelReason: null,
    vehicleId, createdAtS: T0, updatedAtS: T0, version: 1, directS: 300, walks: null, acceptedBy: null, pinnedBy: null,
  };
}

const stop = (tripId: string, kind: PlannedStop['kind'], plannedArrivalS: number, latestS: number): PlannedStop => ({
  tripId, kind, location: HOME, earliestS: T0, latestS, serviceS: 30, plannedArrivalS, legS: 60, legM: 500,
});

const vehicle = (id: string): VehicleRecord => ({ id, name: `Bus ${id}`, seats: 6, wheelchairPlaces: 1, depot: HOME, plate: null, colour: null, scheduleVersion: 1, createdAtS: T0, updatedAtS: T0 });

describe('the operator board', () => {
  // bus-1 drives: ontime's pickup with 8 min to spare, late's dropoff 2 min past its promise, tight's dropoff 1 min before it.
  const fleet = new FleetState(37.5);
  fleet.putVehicle({
    id: 'bus-1', seats: 6, wheelchairs: 1, depot: HOME, shiftEndS: T0 + 8 * 3600, position: [127.11, 37.51], availableAtS: T0, lockedCount: 1, scheduleVersion: 3, returnLegS: 0, returnLegM: 0,
    stops: [stop('tight', 'dropoff', T0 + 1740, T0 + 1800), stop('ontime', 'pickup', T0 + 120, T0 + 600), stop('late', 'dropoff', T0 + 1920, T0 + 1800), stop('ontime', 'dropoff', T0 + 900, T0 + 1800)],
  });
  for (const [id, onBoard] of [['tight', true], ['ontime', false], ['late', true]] as const) {
    fleet.putTrip({ id, passengers: 2, wheelchairs: 0, pickup: HOME, dropoff: HOME, pickupEarliestS: T0, pickupLatestS: T0 + 600, arriveByS: T0 + 1800, maxRideS: 1200, vehicleId: 'bus-1', onBoard });
  }
  const board = boardView({
    trips: [{ ...trip('ontime', 'assigned', 'bus-1', 'Minji'), pinnedBy: 'operator:desk-1', acceptedBy: 'operator:desk-1' }, trip('late', 'on_board', 'bus-1'), trip('tight', 'on_board', 'bus-1'), trip('offer', 'offered', null), trip('flagged', 'accepted', null), trip('done', 'completed', null)],
    vehicles: [vehicle('bus-1'), vehicle('bus-2')],
    fleet,
    flaggedAtRisk: new Set(['flagged']),
    nowS: T0,
  });

  test('each open trip sits in its column, the most late first (then by pickup time and id); a finished trip is not on the board', () => {
    expect(board.trips.map((t) => [t.id, t.column, t.lateByS])).toEqual([
      ['late', 'late', 120],
      ['tight', 'at_risk', -60],
      ['ontime', 'assigned', -480],
      ['flagged', 'at_risk', null],
      ['offer', 'offered', null],
    ]);
    expect(board.trips[2]).toMatchObject({ riderName: 'Minji', pinnedBy: 'operator:desk-1', acceptedBy: 'operator:desk-1' });
    expect(board.trips[0]).toMatchObject({ pinnedBy: null, acceptedBy: null });
    expect(board.trips[2]!.pickupEta).toBe(T0 + 120);
  });

  test('a vehicle shows its load (riders on board), its next three stops and its worst lateness; one off shift sits at its depot with none', () => {
    const [bus1, bus2] = board.vehicles;
    expect(bus1).toMatchObject({ id: 'bus-1', onShift: true, outOfService: false, onBoard: 4, stopsPlanned: 4, lateByS: 120, location: [127.11, 37.51], shiftEndsAt: T0 + 8 * 3600 });
    expect(bus1!.nextStops.map((s) => [s.tripId, s.kind, s.lateByS, s.riderName])).toEqual([
      ['tight', 'dropoff', -60, null],
      ['ontime', 'pickup', -480, 'Minji'],
      ['late', 'dropoff', 120, null],
    ]);
    expect(bus2).toMatchObject({ id: 'bus-2', onShift: false, onBoard: 0, stopsPlanned: 0, nextStops: [], lateByS: null, location: HOME, shiftEndsAt: null });
  });

  test.each([
    ['requested', null, false, 'requested'],
    ['offered', null, false, 'offered'],
    ['arriving', -600, false, 'assigned'],
    ['arriving', -179, false, 'at_risk'],
    ['on_board', 1, false, 'late'],
    ['assigned', -3600, true, 'at_risk'],
    ['cancelled', null, false, null],
  ] as const)('a %s trip %s s late (flagged %s) goes to %s', (state, lateByS, flagged, column) => {
    expect(boardColumn(state, lateByS, flagged)).toBe(column);
  });
});
