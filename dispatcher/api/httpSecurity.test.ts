import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createTestAuth, type TestAuth, who } from '../../test-support/auth';
import { ACCESS_RULES } from '../auth/accessTable';
import { TokenIssuer } from '../auth/TokenIssuer';
import { ManualClock } from '../clock/Clock';
import { FakeDispatchService } from './__tests__/FakeDispatchService';
import { type AppOptions, createApp } from './createApp';
import { openApiDocument } from './openApiDocument';
import { DEFAULT_HTTP_RATE_LIMITS, LOOPBACK_IPS, rateLimitsFromEnv } from './rateLimits';
import { ruleFor } from './requestAuth';

/** The HTTP edge on its own (a dispatch service in memory): tokens, roles, limits, headers, CORS. */
let tokens: TestAuth;
const servers: Server[] = [];

async function serve(app: Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function start(options: Partial<AppOptions> = {}): Promise<{ base: string; service: FakeDispatchService }> {
  const service = new FakeDispatchService();
  return { base: await serve(createApp(service, { auth: tokens.auth, ...options })), service };
}

const trip = { origin: [127.1, 37.51], destination: [127.12, 37.52] };
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  tokens = await createTestAuth();
});
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

describe('tokens over HTTP', () => {
  let base: string;
  beforeAll(async () => ({ base } = await start()));

  test('no token is 401 Unauthenticated with a WWW-Authenticate challenge; public routes need none', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="anystop"');
    expect(await codeOf(res)).toMatchObject({ code: 'Unauthenticated' });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
  });

  test.each([
    ['expired', () => new TokenIssuer(tokens.config, new ManualClock(Date.now() / 1000 - 3600)).token(who.planner(), 60), /expired/],
    ['forged (another secret)', async () => (await createTestAuth()).token(who.operator()), /signature/],
    ['for another audience', () => new TokenIssuer({ ...tokens.config, audience: 'another-service' }).token(who.operator()), /"aud"/],
    ['from another issuer', () => new TokenIssuer({ ...tokens.config, issuer: 'someone' }).token(who.operator()), /"iss"/],
    ['not a JWT', async () => 'abc.def.ghi', /not a valid JWT/],
  ])('a token %s is 401 with invalid_token', async (_what, make, message) => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${await make()}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect((await codeOf(res)).message).toMatch(message);
  });

  test('a token sent any other way than Bearer is refused', async () => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(res.status).toBe(401);
  });

  test.each([
    ['a rider reads the planner metrics', who.rider('r1'), 'GET', '/metrics', undefined],
    ['a planner books a trip', who.planner(), 'POST', '/trips', { riderId: 'r1', ...trip }],
    ['a driver reports the position of another vehicle', who.driver('bus-1'), 'POST', '/vehicles/bus-2/position', { location: [127.1, 37.5] }],
    ['a rider books for another rider', who.rider('r1'), 'POST', '/trips', { riderId: 'r2', ...trip }],
    ['a planner adds a vehicle', who.planner(), 'PUT', '/vehicles/bus-9', { seats: 6, depot: [127.1, 37.5] }],
    ['a driver deletes a service area', who.driver('bus-1'), 'DELETE', '/service-areas/1', undefined],
  ])('%s: 403 Forbidden', async (_what, principal, method, path, body) => {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...(await tokens.bearer(principal)) }, body: body && JSON.stringify(body) });
    expect(res.status).toBe(403);
    expect((await codeOf(res)).code).toBe('Forbidden');
  });

  test('a rider books without riderId (taken from the token); an operator must name the rider', async () => {
    const mine = await fetch(`${base}/trips`, post(trip, await tokens.bearer(who.rider('r7'))));
    expect(mine.status).toBe(201);
    expect(((await mine.json()) as { riderId: string }).riderId).toBe('r7');
    const operator = await fetch(`${base}/trips`, post(trip, await tokens.bearer(who.operator())));
    expect(operator.status).toBe(400);
    expect((await codeOf(operator)).message).toMatch(/riderId/);
  });

  test('HEAD, upper case and a trailing slash reach the same guard as the plain GET', async () => {
    for (const path of ['/metrics', '/METRICS', '/metrics/']) expect((await fetch(base + path, { method: 'HEAD' })).status).toBe(401);
    expect((await fetch(`${base}/Trips/t1`)).status).toBe(401);
  });

  test('a body over the limit is 413 before anything else reads it', async () => {
    const res = await fetch(`${base}/trips`, post({ riderId: 'x'.repeat(40_000) }, await tokens.bearer(who.rider('r1'))));
    expect(res.status).toBe(413);
  });

  test('every operation of the API description is public or has a row in the access table, and every row is described', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { security: unknown[] }>> };
    const described = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const rule = ruleFor(method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1'));
        if (rule) described.add(rule.id);
        expect({ path, method, security: op.security.length }).toEqual({ path, method, security: rule ? 1 : 0 });
      }
    }
    expect(ACCESS_RULES.filter((r) => r.kind === 'http' && !described.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});

describe('development tokens', () => {
  test('served only with a development key: a token for the role asked, usable at once, never cached', async () => {
    const dev = await createTestAuth({ devTokens: true });
    const base = await serve(createApp(new FakeDispatchService(), { auth: dev.auth }));
    const res = await fetch(`${base}/auth/dev-token`, post({ role: 'rider', riderId: 'r-dev' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token, subject } = (await res.json()) as { token: string; subject: string };
    expect(subject).toBe('r-dev');
    expect((await fetch(`${base}/trips`, post(trip, { authorization: `Bearer ${token}` }))).status).toBe(201);
    expect((await fetch(`${base}/auth/dev-token`, post({ role: 'admin' }))).status).toBe(400);
    const { base: production } = await start();
    expect((await fetch(`${production}/auth/dev-token`, post({ role: 'operator' }))).status).toBe(404);
  });
});

describe('rate limits', () => {
  test('a rider over their limit gets 429 RateLimited with Retry-After; another rider is not held up', async () => {
    // rate-limiter-flexible counts on the wall clock: a 3-request window of 1 s, waited out for real.
    const { base } = await start({ rateLimits: { ...DEFAULT_HTTP_RATE_LIMITS, perIdentity: { ratePerS: 3, burst: 3 } } });
    const as = await tokens.bearer(who.rider('r-eager'));
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/service-areas`, { headers: as })).status).toBe(200);
    const limited = await fetch(`${base}/service-areas`, { headers: as });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await codeOf(limited)).toMatchObject({ code: 'RateLimited', message: expect.stringMatching(/retry after 1 s/) });
    expect((await fetch(`${base}/service-areas`, { headers: await tokens.bearer(who.rider('r-calm')) })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await fetch(`${base}/service-areas`, { headers: as })).status).toBe(200);
  });

  test('one address over its limit gets 429 whoever it claims to be; an exempt address is never limited', async () => {
    const perIp = { ratePerS: 1, burst: 2 };
    const { base } = await start({ rateLimits: { ...DEFAULT_HTTP_RATE_LIMITS, perIp } });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const limited = await fetch(`${base}/health`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const { base: exempt } = await start({ rateLimits: { ...DEFAULT_HTTP_RATE_LIMITS, perIp, exemptIps: LOOPBACK_IPS } });
    for (let i = 0; i < 5; i++) expect((await fetch(`${exempt}/health`)).status).toBe(200);
  });

  test('limits come from the environment: requests per second, twice that as burst, loopback spelled out', () => {
    expect(rateLimitsFromEnv({})).toEqual({ ...DEFAULT_HTTP_RATE_LIMITS, exemptIps: [] });
    expect(rateLimitsFromEnv({ ANYSTOP_RATE_PER_IP: '50', ANYSTOP_RATE_PER_RIDER: '2', ANYSTOP_RATE_LIMIT_EXEMPT: 'loopback, 10.0.0.7' })).toEqual({
      perIp: { ratePerS: 50, burst: 100 },
      perIdentity: { ratePerS: 2, burst: 4 },
      exemptIps: [...LOOPBACK_IPS, '10.0.0.7'],
    });
    expect(() => rateLimitsFromEnv({ ANYSTOP_RATE_PER_IP: 'lots' })).toThrow(/ANYSTOP_RATE_PER_IP/);
  });
});

describe('security headers', () => {
  test('helmet’s headers with a policy the pages live with; no X-Powered-By', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob: https:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('CORS', () => {
  test('by default a page from another origin is refused, and gets no CORS headers; the dispatcher’s own pages pass', async () => {
    const { base } = await start();
    const foreign = await fetch(`${base}/health`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect((await codeOf(foreign)).code).toBe('Forbidden');
    expect((await fetch(`${base}/health`, { headers: { origin: 'null' } })).status).toBe(403);
    const preflight = await fetch(`${base}/trips`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect((await fetch(`${base}/health`, { headers: { origin: base } })).status).toBe(200);
  });

  test('an origin that is configured gets its preflight answered and Access-Control-Allow-Origin', async () => {
    const { base } = await start({ corsOrigins: ['https://partner.example'] });
    const preflight = await fetch(`${base}/trips`, { method: 'OPTIONS', headers: { origin: 'https://partner.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const res = await fetch(`${base}/health`, { headers: { origin: 'https://partner.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });
});
