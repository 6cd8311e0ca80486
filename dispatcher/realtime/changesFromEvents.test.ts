import type { EventRecord } from '../persistence/records';
import { changesFromEvents } from './changesFromEvents';

const event = (seq: number, type: string, tripId: string | null, vehicleId: string | null, payload: EventRecord['payload'] = {}): EventRecord => ({ seq, atS: 0, type, tripId, vehicleId, payload });

describe('changesFromEvents', () => {
  test('each vehicle and trip keeps the seq of its latest change; new requests name their rider', () => {
    const changes = changesFromEvents([
      event(10, 'trip_offered', 't1', null, { riderId: 'r1' }),
      event(11, 'trip_accepted', 't1', 'bus-1'),
      event(12, 'schedule_changed', null, 'bus-1'),
      event(13, 'reoptimized', null, null),
      event(14, 'trip_reassigned', 't2', 'bus-2', { fromVehicleId: 'bus-1' }),
    ]);
    expect(changes.vehicles).toEqual(new Map([['bus-1', 12], ['bus-2', 14]]));
    expect(changes.trips).toEqual(new Map([['t1', 11], ['t2', 14]]));
    expect(changes.newTrips).toEqual([{ tripId: 't1', riderId: 'r1', seq: 10 }]);
  });
});
