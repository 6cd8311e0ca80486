import { createTestDatabase, type TestDatabase } from '../../test-support/db';
import { JAMSIL_STATION, SONGPA_OFFICE, T0 } from '../../test-support/dbFixtures';
import { isPersistenceError } from './PersistenceError';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('vehicles, shifts and positions', () => {
  test('minibus renamed by a second upsert: one row, schedule version untouched', async () => {
    const vehicles = t.db.repos.vehicles;
    await vehicles.upsert({ id: 'v1', name: 'Songpa 1', seats: 8, wheelchairPlaces: 1, depot: SONGPA_OFFICE }, T0);
    const renamed = await vehicles.upsert({ id: 'v1', name: 'Songpa One', seats: 7, wheelchairPlaces: 1, depot: SONGPA_OFFICE }, T0 + 60);
    expect(renamed).toEqual({ id: 'v1', name: 'Songpa One', seats: 7, wheelchairPlaces: 1, depot: SONGPA_OFFICE, plate: null, colour: null, scheduleVersion: 0, createdAtS: T0, updatedAtS: T0 + 60 });
  });

  test('plate and colour: set, left as they are by an upsert that omits them, cleared by null', async () => {
    const vehicles = t.db.repos.vehicles;
    const base = { id: 'badge', name: 'Songpa 9', seats: 8, wheelchairPlaces: 0, depot: SONGPA_OFFICE };
    expect(await vehicles.upsert({ ...base, plate: '70바 1234', colour: '#1f6feb' }, T0)).toMatchObject({ plate: '70바 1234', colour: '#1f6feb' });
    expect(await vehicles.upsert({ ...base, seats: 7 }, T0 + 1)).toMatchObject({ seats: 7, plate: '70바 1234', colour: '#1f6feb' });
    expect(await vehicles.upsert({ ...base, plate: null }, T0 + 2)).toMatchObject({ plate: null, colour: '#1f6feb' });
    expect(await vehicles.get('badge')).toMatchObject({ plate: null, colour: '#1f6feb' });
    // The database refuses a colour that is not #rrggbb, whoever writes it.
    await expect(vehicles.upsert({ ...base, colour: 'blue' }, T0 + 3)).rejects.toThrow();
  });

  test('driver starts a planned shift, cannot start a second, ends it: listActive follows', async () => {
    const vehicles = t.db.repos.vehicles;
    const planned = await vehicles.planShift({ vehicleId: 'v1', startsAtS: T0, endsAtS: T0 + 28800 });
    expect(planned).toMatchObject({ state: 'planned', startedAtS: null });
    const started = await vehicles.startShift({ vehicleId: 'v1', shiftId: planned.id, atS: T0 + 30, endsAtS: T0 + 28800 });
    expect(started).toMatchObject({ id: planned.id, state: 'active', startedAtS: T0 + 30 });
    expect((await vehicles.listActive()).map((a) => [a.vehicle.id, a.shift.id])).toEqual([['v1', planned.id]]);
    const twice = await vehicles.startShift({ vehicleId: 'v1', atS: T0 + 40, endsAtS: T0 + 3600 }).catch((e: unknown) => e);
    expect(isPersistenceError(twice) && twice.code).toBe('ShiftStateConflict');
    expect(await vehicles.endShift('v1', T0 + 28000)).toMatchObject({ state: 'ended', endedAtS: T0 + 28000 });
    expect(await vehicles.listActive()).toEqual([]);
    const types = (await t.db.repos.events.listAfter(0)).map((e) => e.type);
    expect(types).toEqual(['shift_started', 'shift_ended']);
  });

  test('shift for a vehicle nobody registered: VehicleNotFound', async () => {
    const error = await t.db.repos.vehicles.startShift({ vehicleId: 'ghost', atS: T0, endsAtS: T0 + 60 }).catch((e: unknown) => e);
    expect(isPersistenceError(error) && error.code).toBe('VehicleNotFound');
  });

  test('positions arrive out of order: history keeps all, latest keeps the newest', async () => {
    const positions = t.db.repos.positions;
    await positions.record({ vehicleId: 'v1', atS: T0 + 20, location: JAMSIL_STATION, headingDeg: 10, speedMps: 5 });
    await positions.record({ vehicleId: 'v1', atS: T0 + 10, location: SONGPA_OFFICE, headingDeg: null, speedMps: null });
    expect(await positions.latest('v1')).toEqual({ vehicleId: 'v1', atS: T0 + 20, location: JAMSIL_STATION, headingDeg: 10, speedMps: 5 });
    expect((await positions.history('v1', T0, T0 + 60)).map((p) => p.atS)).toEqual([T0 + 10, T0 + 20]);
    expect(await positions.latest('nobody')).toBeNull();
  });
});
