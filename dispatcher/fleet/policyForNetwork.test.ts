import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { gridNetwork } from '../../routing/builtin/testing/gridExtract';
import type { Router } from '../../routing/Router';
import { planRequest } from '../requests/planRequest';
import { T0, vehicle } from '../testing/fleetScenario';
import { DEFAULT_POLICY, policyForNetwork, type DispatchPolicy } from './DispatchPolicy';
import { FleetState } from './FleetState';
import { STOP_TO_STOP } from './stopApproaches';

// A motorway 25 km long from a to b (one character is 100 m), then a residential street b-c. The only bus waits at a.
const motorwayTown = gridNetwork(`a${' '.repeat(249)}b c`, [
  ['ab', { highway: 'motorway', maxspeed: '120', oneway: 'no' }],
  ['bc', { highway: 'residential' }],
]);
const router = new BuiltinRouter(motorwayTown.prepare());
const MAX_WAIT_S = 20 * 60;

async function offerAtB(policy: DispatchPolicy) {
  const fleet = new FleetState(0);
  const back = await router.table([motorwayTown.at('a')], [motorwayTown.at('a')]);
  fleet.putVehicle(vehicle('bus', motorwayTown.at('a'), motorwayTown.at('a'), { returnLegS: back.durationsS[0][0]!, returnLegM: back.distancesM[0][0]! }));
  const direct = await router.table([motorwayTown.at('b')], [motorwayTown.at('c')], STOP_TO_STOP);
  const draft = { tripId: 'r', pickup: motorwayTown.at('b'), dropoff: motorwayTown.at('c'), passengers: 1, wheelchairs: 0, requestedPickupS: T0, directS: direct.durationsS[0][0]!, directM: direct.distancesM[0][0]! };
  return planRequest(router, fleet, draft, T0, policy);
}

describe('the candidate speed comes from the router’s network', () => {
  test('the built-in router knows its fastest road: the motorway, faster than the 60 km/h default', () => {
    const top = router.topSpeedMps();
    expect(top * 3.6).toBeGreaterThan(90);
    expect(policyForNetwork(router).candidateSpeedMps).toBe(top);
    // A backend that cannot tell keeps the policy's own speed.
    const remote: Pick<Router, 'topSpeedMps'> = {};
    expect(policyForNetwork(remote).candidateSpeedMps).toBe(DEFAULT_POLICY.candidateSpeedMps);
  });

  test('a bus 25 km off by motorway, there within the 20-minute wait, is offered; at 60 km/h it was never a candidate', async () => {
    const drive = await router.table([motorwayTown.at('a')], [motorwayTown.at('b')]);
    expect(drive.durationsS[0][0]!).toBeLessThan(16 * 60); // reachable in time by road
    const withNetwork = await offerAtB({ ...policyForNetwork(router), maxWaitS: MAX_WAIT_S });
    expect(withNetwork.ok).toBe(true);
    const atDefault = await offerAtB({ ...DEFAULT_POLICY, maxWaitS: MAX_WAIT_S });
    expect(atDefault).toEqual({ ok: false, reason: 'NoVehicleInReach' });
  });
});
