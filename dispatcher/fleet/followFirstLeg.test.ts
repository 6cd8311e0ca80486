import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { gridNetwork } from '../../routing/builtin/testing/gridExtract';
import type { LngLat, Router } from '../../routing/Router';
import { T0, vehicle } from '../testing/fleetScenario';
import type { FleetVehicle, PlannedStop } from './FleetModel';
import { FIRST_LEG_MAX_AGE_IDLE_S, FIRST_LEG_MAX_AGE_S, FIRST_LEG_RECHECK_M, followFirstLeg } from './scheduleLegs';

// One two-way street a-b-c, 1 km a letter apart (ten characters); the bus drives from a toward its pickup at c.
const street = gridNetwork(`a         b         c`, [['abc', { highway: 'residential' }]]);
const builtin = new BuiltinRouter(street.prepare());
const M_PER_DEG_LON = 111_195 * Math.cos((37.5 * Math.PI) / 180);
const eastOf = (p: LngLat, m: number): LngLat => [p[0] + m / M_PER_DEG_LON, p[1]];

let tables = 0;
const router: Router = {
  name: 'counting',
  route: (points, options) => builtin.route(points, options),
  table: (sources, destinations, options) => {
    tables++;
    return builtin.table(sources, destinations, options);
  },
  nearest: (p, options) => builtin.nearest(p, options),
  close: async () => {},
};

const pickup = (location: LngLat): PlannedStop => ({ tripId: 'r', kind: 'pickup', location, earliestS: T0, latestS: T0 + 3600, serviceS: 30, plannedArrivalS: T0, legS: 0, legM: 0 });

/** A fix: the vehicle moved to `location` at `atS` (as FleetState.moveVehicle does), then the leg followed. */
async function fix(v: FleetVehicle, location: LngLat, atS: number): Promise<number> {
  v.position = location;
  v.lastFix = { location, atS };
  const before = tables;
  expect(await followFirstLeg(router, v, atS)).toBe(true);
  return tables - before;
}

describe('the first leg after a GPS fix: measured again only when the fix has left where it was measured', () => {
  test('fixes within the recheck distance and age keep the leg; farther, older, or toward another stop, it is measured', async () => {
    const v: FleetVehicle = { ...vehicle('bus', street.at('a'), street.at('a')), stops: [pickup(street.at('c'))] };
    expect(await fix(v, street.at('a'), T0)).toBe(1);
    const measured = v.stops[0].legS;
    expect(measured).toBeGreaterThan(60);
    // 30 m on, 5 s later: kept, the leg out by at most the drive of those metres.
    expect(await fix(v, eastOf(street.at('a'), 30), T0 + 5)).toBe(0);
    expect(v.stops[0].legS).toBe(measured);
    const exact = (await builtin.table([v.position], [street.at('c')])).durationsS[0][0]!;
    expect(Math.abs(exact - measured)).toBeLessThan(FIRST_LEG_RECHECK_M / 5);
    // 60 m from where it was measured: measured again, and shorter.
    expect(await fix(v, eastOf(street.at('a'), FIRST_LEG_RECHECK_M + 10), T0 + 6)).toBe(1);
    expect(v.stops[0].legS).toBeLessThan(measured);
    // Standing still: measured again once the leg is FIRST_LEG_MAX_AGE_S old.
    const here = v.position;
    expect(await fix(v, here, T0 + 6 + FIRST_LEG_MAX_AGE_S - 1)).toBe(0);
    expect(await fix(v, here, T0 + 6 + FIRST_LEG_MAX_AGE_S)).toBe(1);
    // A new first stop (a commit put a pickup at b before c): measured at once, though the vehicle has not moved.
    v.stops = [pickup(street.at('b')), ...v.stops];
    expect(await fix(v, here, T0 + 22)).toBe(1);
    expect(v.stops[0].legS).toBeLessThan(v.stops[1].legS);
    // Idle (no stop): the return leg to the depot is the first leg, measured for that target.
    v.stops = [];
    expect(await fix(v, here, T0 + 23)).toBe(1);
    expect(v.returnLegS).toBeGreaterThan(0);
    expect(await fix(v, here, T0 + 24)).toBe(0);
    // Standing idle, the drive home is measured again after FIRST_LEG_MAX_AGE_IDLE_S, not FIRST_LEG_MAX_AGE_S...
    expect(await fix(v, here, T0 + 23 + FIRST_LEG_MAX_AGE_S)).toBe(0);
    expect(await fix(v, here, T0 + 23 + FIRST_LEG_MAX_AGE_IDLE_S - 1)).toBe(0);
    expect(await fix(v, here, T0 + 23 + FIRST_LEG_MAX_AGE_IDLE_S)).toBe(1);
    // ...and moving, as soon as it is FIRST_LEG_RECHECK_M from where it was measured.
    expect(await fix(v, eastOf(here, FIRST_LEG_RECHECK_M + 10), T0 + 23 + FIRST_LEG_MAX_AGE_IDLE_S + 1)).toBe(1);
    // A stop again: the leg to it keeps the shorter age.
    v.stops = [pickup(street.at('c'))];
    const at = T0 + 23 + FIRST_LEG_MAX_AGE_IDLE_S + 2;
    expect(await fix(v, v.position, at)).toBe(1);
    expect(await fix(v, v.position, at + FIRST_LEG_MAX_AGE_S)).toBe(1);
  });

  test('legs unknown after a rebuild are measured whatever the distance', async () => {
    const v: FleetVehicle = { ...vehicle('bus', street.at('a'), street.at('a')), stops: [pickup(street.at('c'))] };
    expect(await fix(v, street.at('a'), T0)).toBe(1);
    v.legsUnknown = true;
    expect(await fix(v, street.at('a'), T0 + 1)).toBe(1);
  });
});
