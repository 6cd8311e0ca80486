import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { gridNetwork } from '../../routing/builtin/testing/gridExtract';
import type { LngLat, Router } from '../../routing/Router';
import { DEFAULT_POLICY, type DispatchPolicy } from '../fleet/DispatchPolicy';
import { FleetState } from '../fleet/FleetState';
import { STOP_TO_STOP } from '../fleet/stopApproaches';
import { T0, vehicle } from '../testing/fleetScenario';
import { curbPoint } from './curbPoint';
import type { RequestDraft } from './decideRequest';
import { planRequest } from './planRequest';

// Two-way streets: a b c on top, d e f below (rows 100 m apart, letters 200 m apart). Bus "west" waits at a,
// bus "east" at c; both go back to the depot at e. Minji stands 8 m north of the middle of a–b.
const town = gridNetwork(
  `
  a b c
  d e f
  `,
  [
    ['abc', { highway: 'residential', name: 'Top-ro' }],
    ['def', { highway: 'residential', name: 'Bottom-ro' }],
    ['ad', { highway: 'residential' }],
    ['be', { highway: 'residential' }],
    ['cf', { highway: 'residential' }],
  ],
);
const router = new BuiltinRouter(town.prepare());
const M_PER_DEG_LAT = 111_195;
const north = (p: LngLat, m: number): LngLat => [p[0], p[1] + m / M_PER_DEG_LAT];
const minji = north(town.between('a', 'b'), 8);
/** Her destination: 8 m south of the middle of e–f. */
const destination = north(town.between('e', 'f'), -8);
const policy: DispatchPolicy = { ...DEFAULT_POLICY, candidateSpeedMps: 1e9, maxWaitS: 30 * 60 };

/** The router as the dispatcher used it before curb approaches: every option dropped. */
const anySide: Router = {
  name: 'builtin-any-side',
  route: (points) => router.route(points),
  table: (sources, destinations) => router.table(sources, destinations),
  nearest: (p) => router.nearest(p),
  close: async () => {},
};

async function fleetAndDraft(r: Router): Promise<{ fleet: FleetState; draft: RequestDraft }> {
  const [p, d] = await Promise.all([r.nearest(minji), r.nearest(destination)]);
  const pickup = curbPoint(p.location, minji);
  const dropoff = curbPoint(d.location, destination);
  const direct = await r.table([pickup], [dropoff], STOP_TO_STOP);
  const back = await r.table([town.at('a'), town.at('c')], [town.at('e')]);
  const fleet = new FleetState(0);
  fleet.putVehicle(vehicle('west', town.at('a'), town.at('e'), { returnLegS: back.durationsS[0][0]!, returnLegM: back.distancesM[0][0]! }));
  fleet.putVehicle(vehicle('east', town.at('c'), town.at('e'), { returnLegS: back.durationsS[1][0]!, returnLegM: back.distancesM[1][0]! }));
  return { fleet, draft: { tripId: 'minji', pickup, dropoff, passengers: 1, wheelchairs: 0, requestedPickupS: T0, directS: direct.durationsS[0][0]!, directM: direct.distancesM[0][0]! } };
}

describe('pickups on the rider’s side of the street (approaches=curb)', () => {
  test('the stop lies on her side: 1.5 m from the centre line toward her', async () => {
    const p = await router.nearest(minji);
    const stop = curbPoint(p.location, minji);
    expect((stop[1] - p.location[1]) * M_PER_DEG_LAT).toBeCloseTo(1.5, 1);
    expect(stop[0]).toBeCloseTo(p.location[0], 6); // straight north of the road point (nearest rounds to 1e-6°)
  });

  test('riderNorthOfAWestEastStreet_busAtTheWestEndWouldStopAcrossTheRoad_theBusFromTheEastIsChosen', async () => {
    const { fleet, draft } = await fleetAndDraft(router);
    const d = await planRequest(router, fleet, draft, T0, policy);
    if (!d.ok) throw new Error(`refused: ${d.reason}`);
    // From c, west along Top-ro: 200 m to b and 100 m on, arriving westbound with Minji on the right.
    expect(d.vehicleId).toBe('east');
    expect(d.stops[0]).toMatchObject({ kind: 'pickup', legM: expect.closeTo(300, -1) });
  });

  test('riderNorthOfAWestEastStreet_ignoringTheCurb_theNearerBusFromTheWestWouldBeChosen', async () => {
    const { fleet, draft } = await fleetAndDraft(anySide);
    const d = await planRequest(anySide, fleet, draft, T0, policy);
    if (!d.ok) throw new Error(`refused: ${d.reason}`);
    // 100 m east from a, and the rider would cross the street to a bus facing east.
    expect(d.vehicleId).toBe('west');
    expect(d.stops[0]).toMatchObject({ kind: 'pickup', legM: expect.closeTo(100, -1) });
  });

  test('theWestBusSentAnyway_drivesRoundTheBlockToArriveWestbound', async () => {
    const { draft } = await fleetAndDraft(router);
    const r = await router.route([town.at('a'), draft.pickup], { approaches: [null, STOP_TO_STOP.destinationApproaches![0]] });
    // a → d → e → b, then west: 100 + 200 + 100 + 100.
    expect(r.distanceM).toBeCloseTo(500, -1);
    const [before, last] = r.geometry.coordinates.slice(-2);
    expect(last[0]).toBeLessThan(before[0]);
  });
});
