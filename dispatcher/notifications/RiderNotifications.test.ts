import type { RiderNotification } from '../../protocol/notifications';
import { ManualClock } from '../clock/Clock';
import { DEFAULT_POLICY } from '../fleet/DispatchPolicy';
import type { FleetVehicle } from '../fleet/FleetModel';
import { FleetState } from '../fleet/FleetState';
import type { EventRecord, TripRecord } from '../persistence/records';
import { T0, trip, vehicle } from '../testing/fleetScenario';
import type { NotificationSender } from './NotificationSender';
import { RiderNotifications } from './RiderNotifications';

const PICKUP: [number, number] = [0.001, 0];
const DROPOFF: [number, number] = [0.01, 0];

function record(id: string, extra: Partial<TripRecord> = {}): TripRecord {
  return {
    id, riderId: `rider-of-${id}`, riderName: null, idempotencyKey: null, origin: PICKUP, destination: DROPOFF, originSnapped: PICKUP, destinationSnapped: DROPOFF,
    walkToPickupM: 0, passengers: 1, wheelchairs: 0, requestedPickupAtS: T0, promise: { pickupEarliestS: T0 + 500, pickupLatestS: T0 + 1000, latestArrivalS: T0 + 2400 },
    offerExpiresAtS: null, actualPickupAtS: null, actualDropoffAtS: null, state: 'assigned', rejectReason: null, cancelReason: null, vehicleId: 'bus', createdAtS: T0,
    updatedAtS: T0, version: 1, directS: 600, walks: null, ...extra,
  } as TripRecord;
}

/** Bus `bus` plans to reach the pickup of trip `t1` at T0 + 600 s (10 minutes from T0). */
function setUp() {
  const clock = new ManualClock(T0);
  const fleet = new FleetState(0);
  const t1 = trip('t1', 'bus', PICKUP, DROPOFF, { pickupEarliestS: T0 + 500, pickupLatestS: T0 + 1000, arriveByS: T0 + 2400 });
  const bus: FleetVehicle = {
    ...vehicle('bus', [0, 0], [0, 0]),
    stops: [
      { tripId: 't1', kind: 'pickup', location: PICKUP, earliestS: T0 + 500, latestS: T0 + 1000, serviceS: 30, plannedArrivalS: T0 + 600, legS: 600, legM: 100 },
      { tripId: 't1', kind: 'dropoff', location: DROPOFF, earliestS: 0, latestS: T0 + 2400, serviceS: 30, plannedArrivalS: T0 + 1500, legS: 870, legM: 1000 },
    ],
  };
  fleet.putVehicle(bus);
  fleet.putTrip(t1);
  const trips = new Map<string, TripRecord>([['t1', record('t1')]]);
  let reads = 0;
  const delivered: RiderNotification[] = [];
  const sent: Array<{ riderId: string; kind: string }> = [];
  const sender: NotificationSender = { channel: 'log', send: async (riderId, n) => void sent.push({ riderId, kind: n.kind }) };
  const notifications = new RiderNotifications({
    repos: { trips: { get: async (id: string) => (reads++, trips.get(id) ?? null) } as never },
    fleet, clock, policy: DEFAULT_POLICY, sender, log: () => {},
    deliver: (_tripId, n) => delivered.push(n),
  });
  let seq = 0;
  const event = (type: string, payload: EventRecord['payload'] = {}, tripId: string | null = 't1'): EventRecord => ({ seq: ++seq, atS: clock.nowS(), type, tripId, vehicleId: 'bus', payload });
  return { clock, fleet, bus, trips, delivered, sent, notifications, event, reads: () => reads };
}

describe('riders kept informed', () => {
  test('"the bus is 2 minutes away" once, when the planned pickup comes within two minutes; never before, never twice', async () => {
    const w = setUp();
    for (const at of [0, 300, 479]) {
      w.clock.set(T0 + at);
      await w.notifications.onTick();
    }
    expect(w.delivered).toEqual([]);
    w.clock.set(T0 + 480);
    await w.notifications.onTick();
    expect(w.delivered).toEqual([{ kind: 'vehicle_near', tripId: 't1', atS: T0 + 480, pickupEta: T0 + 600, minutesAway: 2 }]);
    for (const at of [500, 560, 600]) {
      w.clock.set(T0 + at);
      await w.notifications.onTick();
    }
    expect(w.delivered).toHaveLength(1);
    expect(w.sent).toEqual([{ riderId: 'rider-of-t1', kind: 'vehicle_near' }]);
  });

  test('"near" goes to the rider the live plan knows, without reading the trip; to the stored rider when the plan does not say', async () => {
    const w = setUp();
    w.fleet.putTrip({ ...w.fleet.trips.get('t1')!, riderId: 'rider-from-plan' });
    w.clock.set(T0 + 480);
    await w.notifications.onTick();
    expect(w.sent).toEqual([{ riderId: 'rider-from-plan', kind: 'vehicle_near' }]);
    expect(w.reads()).toBe(0);
    const v = setUp();
    v.clock.set(T0 + 480);
    await v.notifications.onTick();
    expect(v.sent).toEqual([{ riderId: 'rider-of-t1', kind: 'vehicle_near' }]);
    expect(v.reads()).toBe(1);
  });

  test('a pickup that jumps from ten minutes to one away is told "1 minute"; a bus long past its planned time is not "near"', async () => {
    const w = setUp();
    await w.notifications.onTick();
    w.bus.stops[0].plannedArrivalS = T0 + 45;
    await w.notifications.onTick();
    expect(w.delivered).toEqual([{ kind: 'vehicle_near', tripId: 't1', atS: T0, pickupEta: T0 + 45, minutesAway: 1 }]);

    const late = setUp();
    late.clock.set(T0 + 600 + 61);
    await late.notifications.onTick();
    expect(late.delivered).toEqual([]);
  });

  test('"your bus is at the pickup" when the driver reports arriving, with how long it waits; no "near" after that', async () => {
    const w = setUp();
    w.clock.set(T0 + 590);
    w.bus.stops[0].arrivedAtS = T0 + 590;
    await w.notifications.onEvents([w.event('stop_arrived', { kind: 'pickup' })]);
    // It waits the full no-show wait (3 minutes) from its arrival: nobody else's promise is in the way.
    expect(w.delivered).toEqual([{ kind: 'vehicle_at_pickup', tripId: 't1', atS: T0 + 590, waitsUntil: T0 + 590 + DEFAULT_POLICY.noShowWaitS }]);
    await w.notifications.onTick();
    await w.notifications.onEvents([w.event('stop_arrived', { kind: 'dropoff' })]);
    expect(w.delivered).toHaveLength(1);
  });

  test('"your pickup moved to 08:14 (traffic)" from a promise_moved event, an unknown cause as "other"', async () => {
    const w = setUp();
    w.clock.set(T0 + 200);
    const after = { pickupEarliestS: T0 + 840, pickupLatestS: T0 + 1320, latestArrivalS: T0 + 2700 };
    const before = { pickupEarliestS: T0 + 500, pickupLatestS: T0 + 1000, latestArrivalS: T0 + 2400 };
    await w.notifications.onEvents([w.event('promise_moved', { tripId: 't1', before, after, cause: 'traffic' }), w.event('promise_moved', { tripId: 't1', before, after, cause: 'meteor' }, null)]);
    expect(w.delivered).toEqual([
      { kind: 'pickup_moved', tripId: 't1', atS: T0 + 200, pickupEarliest: T0 + 840, pickupLatest: T0 + 1320, latestArrival: T0 + 2700, cause: 'traffic' },
      { kind: 'pickup_moved', tripId: 't1', atS: T0 + 200, pickupEarliest: T0 + 840, pickupLatest: T0 + 1320, latestArrival: T0 + 2700, cause: 'other' },
    ]);
  });

  test('"your bus is now Songpa 2" when the trip moves to another vehicle: by name, plate and colour, never an id; not once on board', async () => {
    const w = setUp();
    w.fleet.putVehicle({ ...w.bus, badge: { name: 'Songpa 1', plate: '12가 3456', colour: '#ffffff' } });
    w.fleet.putVehicle({ ...vehicle('bus-2', [0, 0], [0, 0]), badge: { name: 'Songpa 2', plate: null, colour: '#1d4ed8' } });
    w.clock.set(T0 + 120);
    await w.notifications.onEvents([w.event('schedule_changed'), w.event('trip_reassigned', { fromVehicleId: 'bus', toVehicleId: 'bus-2' })]);
    expect(w.delivered).toEqual([
      { kind: 'vehicle_changed', tripId: 't1', atS: T0 + 120, vehicle: { name: 'Songpa 2', plate: null, colour: '#1d4ed8' }, previous: { name: 'Songpa 1', plate: '12가 3456', colour: '#ffffff' } },
    ]);
    expect(w.sent).toEqual([{ riderId: 'rider-of-t1', kind: 'vehicle_changed' }]);
    // A vehicle the fleet no longer knows (off shift) is told as unknown, not by its id.
    await w.notifications.onEvents([w.event('trip_reassigned', { fromVehicleId: 'bus-2', toVehicleId: 'bus-gone' })]);
    expect(w.delivered[1]).toEqual({ kind: 'vehicle_changed', tripId: 't1', atS: T0 + 120, vehicle: null, previous: { name: 'Songpa 2', plate: null, colour: '#1d4ed8' } });
    w.trips.set('t1', record('t1', { state: 'on_board' }));
    await w.notifications.onEvents([w.event('trip_reassigned', { fromVehicleId: 'bus', toVehicleId: 'bus-2' })]);
    expect(w.delivered).toHaveLength(2);
  });

  test('the trip summary at the end: when the ride began and ended, and the walks to and from the meeting points', async () => {
    const w = setUp();
    w.clock.set(T0 + 1530);
    const walk = (m: number) => ({ meetingPointId: 'm', path: [PICKUP, PICKUP] as [number, number][], distanceM: m, durationS: Math.ceil(m / 1.2) });
    w.trips.set('t1', record('t1', { state: 'completed', actualPickupAtS: T0 + 640, actualDropoffAtS: T0 + 1530, walks: { toPickup: walk(140), fromDropoff: walk(90) } }));
    await w.notifications.onEvents([w.event('schedule_changed'), w.event('trip_completed')]);
    expect(w.delivered).toEqual([{ kind: 'trip_summary', tripId: 't1', atS: T0 + 1530, pickedUpAt: T0 + 640, droppedOffAt: T0 + 1530, rideS: 890, walkM: 230 }]);
    expect(w.sent).toEqual([{ riderId: 'rider-of-t1', kind: 'trip_summary' }]);
  });

  test('an email/SMS adapter that fails does not keep the page from being told', async () => {
    const w = setUp();
    const failing = new RiderNotifications({
      repos: { trips: { get: async (id: string) => w.trips.get(id) ?? null } as never },
      fleet: w.fleet, clock: w.clock, policy: DEFAULT_POLICY, log: () => {},
      sender: { channel: 'sms', send: async () => { throw new Error('provider down'); } },
      deliver: (_t, n) => w.delivered.push(n),
    });
    w.clock.set(T0 + 500);
    await failing.onTick();
    expect(w.delivered.map((n) => n.kind)).toEqual(['vehicle_near']);
  });
});
