import type { HelloMessage } from '../../protocol/realtime';
import type { TripView } from '../../protocol/trips';
import { createTestAuth, type TestAuth, who } from '../../test-support/auth';
import { type Authorizer, tokenAuthorizer } from './Authorizer';

const T = 1_800_000_000;
const trip = (extra: Partial<TripView>): TripView => ({
  id: 't1', riderId: 'r1', state: 'accepted', origin: [0, 0], destination: [1, 1], pickupPoint: null, dropoffPoint: null, walkToPickupM: null,
  passengers: 1, wheelchairs: 0, requestedPickupAt: T, promisedPickup: null, promisedArrivalBy: null, pickupEta: T + 3600, arrivalEta: null,
  vehicleId: 'bus-1', rejectReason: null, cancelReason: null, offerExpiresAt: null, walkFromDropoffM: null, vehicle: null, vehicleAtPickupSince: null, waitsUntil: null, cancelCode: null, ...extra,
});
const rider = { role: 'rider', riderId: 'r1' } as const;
let tokens: TestAuth;
let auth: Authorizer;
const hello = (extra: Omit<HelloMessage, 'v' | 'type'>): HelloMessage => ({ v: 1, type: 'hello', ...extra });

beforeAll(async () => {
  tokens = await createTestAuth();
  auth = tokenAuthorizer({ verifier: tokens.auth.verifier, positionLeadS: 600 });
});

describe('tokenAuthorizer', () => {
  test('the identity comes from the token; a hello without a token, or with a forged one, is forbidden', async () => {
    await expect(auth.identify(hello({ role: 'rider', token: await tokens.token(who.rider('r1')) }))).resolves.toMatchObject({ ok: true, identity: rider });
    await expect(auth.identify(hello({ role: 'rider', riderId: 'r1' }))).resolves.toMatchObject({ ok: false, code: 'forbidden' });
    const forged = await (await createTestAuth()).token(who.operator());
    await expect(auth.identify(hello({ role: 'planner', token: forged }))).resolves.toMatchObject({ ok: false, code: 'forbidden' });
  });

  test.each([
    ['a rider token on the driver channel', 'driver', who.rider('r1'), {}],
    ['a driver token on the planner channel', 'planner', who.driver('bus-1'), {}],
    ['a rider claiming another riderId', 'rider', who.rider('r1'), { riderId: 'r2' }],
    ['a driver claiming another vehicle', 'driver', who.driver('bus-1'), { vehicleId: 'bus-2' }],
  ] as const)('%s is forbidden', async (_what, role, principal, claims) => {
    await expect(auth.identify(hello({ role, token: await tokens.token(principal), ...claims }))).resolves.toMatchObject({ ok: false, code: 'forbidden' });
  });

  test('an operator opens the planner channel; a driver gets the vehicle its token names; the verdict says how long the token lasts', async () => {
    await expect(auth.identify(hello({ role: 'planner', token: await tokens.token(who.operator('op')) }))).resolves.toMatchObject({ ok: true, identity: { role: 'planner', subject: 'op' } });
    const driver = await auth.identify(hello({ role: 'driver', token: await tokens.token(who.driver('bus-1', 'kim'), 120) }));
    expect(driver).toMatchObject({ ok: true, identity: { role: 'driver', vehicleId: 'bus-1', subject: 'kim' } });
    expect(driver.ok && driver.validForMs).toBeGreaterThan(100_000);
  });

  test('a rider follows only their own trips; a driver acts only for its vehicle; planners see trips without the rider', () => {
    expect(auth.mayFollowTrip(rider, { riderId: 'r1' })).toBe(true);
    expect(auth.mayFollowTrip(rider, { riderId: 'r2' })).toBe(false);
    expect(auth.mayFollowTrip({ role: 'driver', vehicleId: 'bus-1', subject: 'kim' }, { riderId: 'r1' })).toBe(false);
    expect(auth.mayActForVehicle({ role: 'driver', vehicleId: 'bus-1', subject: 'kim' }, 'bus-2')).toBe(false);
    expect(auth.mayActForVehicle(rider, 'bus-1')).toBe(false);
    expect(auth.shownTrip({ role: 'planner', subject: 'p' }, trip({}))).not.toHaveProperty('riderId');
    expect(auth.shownTrip(rider, trip({}))).toHaveProperty('riderId', 'r1');
  });

  test.each([
    ['booked for in an hour', trip({}), false],
    ['booked, pickup within the lead', trip({ pickupEta: T + 300 }), true],
    ['vehicle arriving', trip({ state: 'arriving' }), true],
    ['on board', trip({ state: 'on_board' }), true],
    ['completed', trip({ state: 'completed' }), false],
    ['on board another vehicle', trip({ state: 'on_board', vehicleId: 'bus-2' }), false],
  ])('rider whose trip is %s: sees bus-1?', (_situation, t, sees) => {
    expect(auth.maySeeVehiclePosition(rider, 'bus-1', t, T)).toBe(sees);
  });
});
