import { CLOSE_CODES, type HelloMessage, type Role } from '../../../protocol/realtime';
import { SONGPA_OFFICE, T0 } from '../../../test-support/dbFixtures';
import { TestClient } from '../../realtime/__tests__/TestClient';
import type { Outcome, Whose, WsRuleId } from '../accessTable';
import type { Principal } from '../Principal';
import { BUS, type MatrixWorld, OTHER_BUS, STRANGER } from './MatrixWorld';

type Hello = Omit<HelloMessage, 'v' | 'type'>;

export interface WsCase {
  /** The vehicle a driver caller signs in to; default bus-1. */
  driverVehicle?: (whose: Whose) => string;
  /** Says hello (and sends the cell's message): what the server answered, as the table's outcome. */
  run(world: MatrixWorld, caller: Principal | null, whose: Whose): Promise<Outcome>;
}

/** The channel each role uses: riders theirs, drivers theirs, planners and operators the planner's. */
const channelOf = (caller: Principal | null): Role => (caller?.role === 'rider' || caller?.role === 'driver' ? caller.role : 'planner');

/** Says hello with the caller's token (none without a caller): 'allowed' on welcome, else the refusal the close code means. */
async function hello(w: MatrixWorld, caller: Principal | null, fields: Hello): Promise<{ client: TestClient; outcome: Outcome }> {
  const client = await TestClient.open(w.url);
  w.afterCell(() => client.close());
  client.send({ type: 'hello', ...fields, ...(caller ? { token: await w.token(caller) } : {}) });
  if (await client.next('welcome').then(() => true, () => false)) return { client, outcome: 'allowed' };
  const closed = await client.closed;
  if (closed.code !== CLOSE_CODES.forbidden) throw new Error(`hello closed with ${closed.code} ${closed.reason}`);
  return { client, outcome: 'forbidden' }; // 4003 stands for both: no token and a token that may not open the channel
}

/** Opens the caller's own channel, then runs the step on it. */
async function onOwnChannel(w: MatrixWorld, caller: Principal | null, step: (client: TestClient) => Promise<Outcome>): Promise<Outcome> {
  const role = channelOf(caller);
  const { client, outcome } = await hello(w, caller, { role });
  return outcome === 'allowed' ? step(client) : outcome;
}

/** What an `error` or `ack` code means in the table's words. */
function refusal(code: string): Outcome {
  if (code === 'Forbidden') return 'forbidden';
  if (code === 'NotFound') return 'notFound';
  throw new Error(`unexpected error ${code}`);
}

/** Sends and waits for the ack (requests) or for either an error or the pong that follows (plain messages). */
async function ackOf(client: TestClient, requestId: string): Promise<Outcome> {
  const ack = await client.next('ack', (m) => m.requestId === requestId);
  return ack.ok ? 'allowed' : refusal(String(ack.error.code));
}

/**
 * Sends the message, then a ping: the server answers one client's messages in order, so whatever the message
 * got (an error, a trip) is in before the pong.
 */
async function answersTo(client: TestClient, message: Parameters<TestClient['send']>[0]): Promise<TestClient['messages']> {
  const from = client.messages.length;
  client.send(message);
  client.send({ type: 'ping' });
  await client.next('pong', () => true, { from });
  return client.messages.slice(from);
}

function errorIn(messages: TestClient['messages']): Outcome {
  const error = messages.find((m) => m.type === 'error');
  return error?.type === 'error' ? refusal(error.error.code) : 'allowed';
}

/** How to exercise each websocket step of the access table for a cell. */
export const WS_CASES: Record<WsRuleId, WsCase> = {
  'ws hello rider': {
    run: async (w, caller, whose) => (await hello(w, caller, { role: 'rider', riderId: w.ownerFor(caller, whose) })).outcome,
  },
  'ws hello driver': {
    run: async (w, caller, whose) => {
      const own = caller?.role === 'driver' ? caller.vehicleId : BUS;
      return (await hello(w, caller, { role: 'driver', vehicleId: whose === 'own' ? own : OTHER_BUS })).outcome;
    },
  },
  'ws hello planner': { run: async (w, caller) => (await hello(w, caller, { role: 'planner' })).outcome },
  'ws follow_trip': {
    run: async (w, caller, whose) => {
      const trip = await w.trip(w.ownerFor(caller, whose), true);
      return onOwnChannel(w, caller, async (client) => {
        const answers = await answersTo(client, { type: 'follow_trip', tripId: trip.id });
        const shown = answers.find((m) => m.type === 'trip' && m.trip.id === trip.id);
        if (shown?.type === 'trip' && caller?.role !== 'rider' && 'riderId' in shown.trip) throw new Error('a planner was shown the riderId');
        if (!shown && errorIn(answers) === 'allowed') throw new Error('follow_trip got neither the trip nor an error');
        return errorIn(answers);
      });
    },
  },
  'ws position': {
    run: (w, caller) =>
      onOwnChannel(w, caller, async (client) => errorIn(await answersTo(client, { type: 'position', location: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]], speedMps: 2 }))),
  },
  'ws stop_event': {
    driverVehicle: (whose) => (whose === 'own' ? BUS : OTHER_BUS),
    run: async (w, caller) => {
      const trip = await w.trip(STRANGER, true); // on bus-1, the only bus on shift
      return onOwnChannel(w, caller, async (client) => {
        client.send({ type: 'stop_event', requestId: 'e1', tripId: trip.id, event: 'arrived_pickup' });
        return ackOf(client, 'e1');
      });
    },
  },
  'ws shift': {
    driverVehicle: () => 'shuttle-1',
    run: (w, caller) =>
      onOwnChannel(w, caller, async (client) => {
        w.afterCell(() => w.running.dispatcher.endShift('shuttle-1'));
        client.send({ type: 'shift', requestId: 's1', action: 'start', endsAt: T0 + 3600 });
        return ackOf(client, 's1');
      }),
  },
  'ws reroute': {
    run: (w, caller) =>
      onOwnChannel(w, caller, async (client) => {
        client.send({ type: 'reroute', requestId: 'r1', from: [SONGPA_OFFICE[0], SONGPA_OFFICE[1]], headingDeg: 90 });
        return ackOf(client, 'r1');
      }),
  },
};
