import { type AccessRule, accessCells, type HttpRuleId, type Outcome, type WsRuleId } from './accessTable';
import { HTTP_CASES } from './__tests__/httpCases';
import { MatrixWorld } from './__tests__/MatrixWorld';
import { WS_CASES } from './__tests__/wsCases';

/**
 * Every cell of the access table (dispatcher/auth/accessTable.ts, shown in docs/authorization.md): role ×
 * route or channel × own or another's resource, against the real dispatcher on PostgreSQL and the built-in
 * router. Each cell is allowed, or refused exactly as the table says: 401 / 403 / 404 over HTTP, 4003 at a
 * websocket hello, an error or ack Forbidden / NotFound for a websocket message.
 */
jest.setTimeout(120_000);
let world: MatrixWorld;

beforeAll(async () => {
  world = await MatrixWorld.start();
}, 120_000);
afterAll(() => world?.stop());
afterEach(() => world.cleanUp());

const STATUS: Record<Exclude<Outcome, 'allowed'>, [number, string]> = { unauthenticated: [401, 'Unauthenticated'], forbidden: [403, 'Forbidden'], notFound: [404, 'NotFound'] };
const cells = accessCells().map((c) => ({ ...c, name: `${c.rule.id} · ${c.role ?? 'no token'} · ${c.whose} → ${c.outcome}` }));

describe('HTTP', () => {
  test.each(cells.filter((c) => c.rule.kind === 'http'))('$name', async ({ rule, role, whose, outcome }) => {
    const spec = HTTP_CASES[rule.id as HttpRuleId];
    const caller = world.caller(role, spec.driverVehicle?.(whose));
    const req = await spec.prepare(world, caller, whose);
    const res = await fetch(world.url + req.path, {
      method: req.method,
      headers: { 'content-type': 'application/json', ...(caller ? { authorization: `Bearer ${await world.token(caller)}` } : {}) },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    const text = await res.text();
    const body: unknown = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
    if (outcome === 'allowed') {
      expect({ status: res.status, body }).toMatchObject({ status: req.ok });
      req.check?.(body, caller!);
      return;
    }
    const [status, code] = STATUS[outcome];
    expect({ status: res.status, body }).toMatchObject({ status, body: { error: { code } } });
    // Another rider's trip reads exactly as a trip that does not exist.
    if (outcome === 'notFound') expect((body as { error: { message: string } }).error.message).toBe(req.notFoundMessage ?? `No trip ${req.path.split('/')[2]}`);
  });
});

describe('websocket', () => {
  test.each(cells.filter((c) => c.rule.kind === 'ws'))('$name', async ({ rule, role, whose, outcome }) => {
    const spec = WS_CASES[rule.id as WsRuleId];
    const caller = world.caller(role, spec.driverVehicle?.(whose));
    const seen = await spec.run(world, caller, whose);
    // A refused hello is 4003 whatever the reason: no token, or a token that may not open the channel.
    expect(seen).toBe(outcome === 'unauthenticated' ? 'forbidden' : outcome);
  });
});

test('the matrix covers every rule of the table', () => {
  const rules = new Set(cells.map((c) => c.rule));
  const covered = (r: AccessRule) => (r.kind === 'http' ? r.id in HTTP_CASES : r.id in WS_CASES);
  expect([...rules].filter((r) => !covered(r)).map((r) => r.id)).toEqual([]);
  expect(cells.length).toBeGreaterThan(150);
});
