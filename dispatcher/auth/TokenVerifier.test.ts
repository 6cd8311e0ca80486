import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { ManualClock } from '../clock/Clock';
import { type AuthConfig, AuthConfigError, authConfigFromEnv, selfSignedAuthConfig } from './AuthConfig';
import { TokenIssuer } from './TokenIssuer';
import { createTokenVerifier, TokenRejected } from './TokenVerifier';

const T = 1_800_000_000;
const clock = new ManualClock(T);
const config = selfSignedAuthConfig();
const issuer = new TokenIssuer(config, clock);
const rider = { role: 'rider', subject: 'r1' } as const;

async function refusal(config: AuthConfig, token: string | undefined): Promise<TokenRejected> {
  const verifier = await createTokenVerifier(config, clock);
  const e = await verifier.verify(token).then(() => null, (err: unknown) => err);
  if (!(e instanceof TokenRejected)) throw new Error(`expected a TokenRejected, got ${String(e)}`);
  return e;
}

function signed(claims: Record<string, unknown>, o: { secret?: string; iss?: string; aud?: string; exp?: number | null; sub?: string } = {}): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(o.iss ?? config.issuer).setAudience(o.aud ?? config.audience).setIssuedAt(T);
  if (o.sub !== '') jwt = jwt.setSubject(o.sub ?? 'r1');
  if (o.exp !== null) jwt = jwt.setExpirationTime(o.exp ?? T + 600);
  return jwt.sign(new TextEncoder().encode(o.secret ?? config.secret));
}

describe('a token the dispatcher signed', () => {
  test('verifies to its principal: a rider by riderId, a driver with the vehicle signed in to', async () => {
    const verifier = await createTokenVerifier(config, clock);
    await expect(verifier.verify(await issuer.token(rider, 600))).resolves.toEqual({ principal: rider, expiresAtS: T + 600, validForS: 600 });
    const driver = { role: 'driver', subject: 'kim', vehicleId: 'bus-1' } as const;
    await expect(verifier.verify(await issuer.token(driver))).resolves.toMatchObject({ principal: driver });
  });

  test('an expired token is refused as expired, within the clock tolerance it still passes', async () => {
    const token = await issuer.token(rider, 60);
    clock.advance(60 + config.clockToleranceS - 1);
    await expect((await createTokenVerifier(config, clock)).verify(token)).resolves.toMatchObject({ principal: rider });
    clock.advance(2);
    expect(await refusal(config, token)).toMatchObject({ problem: 'expired' });
    clock.set(T);
  });

  test('a source hands out the same token until a tenth of its life is left, then a new one', async () => {
    const source = issuer.source(rider, 1000);
    const first = await source();
    expect(await source()).toBe(first);
    clock.advance(950);
    expect(await source()).not.toBe(first);
    clock.set(T);
  });
});

describe('tokens that are refused', () => {
  test.each([
    ['no token at all', async () => undefined, 'missing'],
    ['not a JWT', async () => 'hello.world', 'invalid'],
    ['forged: signed with another secret', () => signed({ role: 'rider' }, { secret: 'x'.repeat(40) }), 'invalid'],
    ['for another audience', () => signed({ role: 'rider' }, { aud: 'someone-else' }), 'invalid'],
    ['from another issuer', () => signed({ role: 'rider' }, { iss: 'evil' }), 'invalid'],
    ['without an expiry', () => signed({ role: 'rider' }, { exp: null }), 'invalid'],
    ['without a subject', () => signed({ role: 'rider' }, { sub: '' }), 'invalid'],
    ['with an unknown role', () => signed({ role: 'admin' }), 'invalid'],
    ['a driver without a vehicle', () => signed({ role: 'driver' }), 'invalid'],
    ['unsigned (alg none)', async () => new UnsecuredJWT({ role: 'operator' }).setIssuer(config.issuer).setAudience(config.audience).setSubject('x').setExpirationTime(T + 600).encode(), 'invalid'],
  ])('%s', async (_what, make, problem) => {
    expect(await refusal(config, await make())).toMatchObject({ problem });
  });
});

describe('a public key from an identity provider', () => {
  test.each([
    ['ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['RS256', generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ] as const)('%s tokens verify; an HS256 token made with the PEM as its secret does not', async (alg, pair) => {
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verifying: AuthConfig = { issuer: 'idp', audience: 'anystop', clockToleranceS: 0, devTokens: false, publicKey: pem };
    const token = await new SignJWT({ role: 'planner' }).setProtectedHeader({ alg }).setIssuer('idp').setAudience('anystop').setSubject('p1').setExpirationTime(T + 60).sign(pair.privateKey);
    await expect((await createTokenVerifier(verifying, clock)).verify(token)).resolves.toEqual({ principal: { role: 'planner', subject: 'p1' }, expiresAtS: T + 60, validForS: 60 });
    // The classic confusion attack: the public key used as an HMAC secret.
    const confused = await new SignJWT({ role: 'operator' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('idp').setAudience('anystop').setSubject('x').setExpirationTime(T + 60).sign(new TextEncoder().encode(pem));
    expect(await refusal(verifying, confused)).toMatchObject({ problem: 'invalid' });
  });
});

describe('configuration', () => {
  test('serve without a key refuses to start and says what to set; --dev-auth makes a random secret', () => {
    expect(() => authConfigFromEnv({}, { devAuth: false })).toThrow(AuthConfigError);
    expect(() => authConfigFromEnv({}, { devAuth: false })).toThrow(/ANYSTOP_JWT_SECRET .*ANYSTOP_JWT_PUBLIC_KEY .*--dev-auth/);
    const dev = authConfigFromEnv({}, { devAuth: true });
    expect(dev).toMatchObject({ devTokens: true, issuer: 'anystop', audience: 'anystop-dispatcher' });
    expect(dev.secret!.length).toBeGreaterThanOrEqual(32);
  });

  test('a short secret or a key that is not PEM is refused', () => {
    expect(() => authConfigFromEnv({ ANYSTOP_JWT_SECRET: 'short' }, { devAuth: false })).toThrow(/at least 32 bytes/);
    expect(() => authConfigFromEnv({ ANYSTOP_JWT_PUBLIC_KEY: 'abc' }, { devAuth: false })).toThrow(/PEM/);
    expect(authConfigFromEnv({ ANYSTOP_JWT_SECRET: 's'.repeat(32), ANYSTOP_JWT_AUDIENCE: 'a', ANYSTOP_JWT_ISSUER: 'i' }, { devAuth: false })).toMatchObject({ audience: 'a', issuer: 'i', devTokens: false });
  });
});

describe('a verifier that has seen a token before', () => {
  test('checks its expiry again on every use: a remembered token expires on time', async () => {
    const verifier = await createTokenVerifier(config, clock);
    const token = await issuer.token(rider, 60);
    const start = clock.nowS();
    await expect(verifier.verify(token)).resolves.toEqual({ principal: rider, expiresAtS: start + 60, validForS: 60 });
    clock.advance(30);
    await expect(verifier.verify(token)).resolves.toEqual({ principal: rider, expiresAtS: start + 60, validForS: 30 });
    clock.advance(30 + config.clockToleranceS);
    const e = await verifier.verify(token).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(TokenRejected);
    expect((e as TokenRejected).problem).toBe('expired');
  });

  test('remembers only the exact token: the same claims with another signature are still refused', async () => {
    const verifier = await createTokenVerifier(config, clock);
    const token = await issuer.token(rider, 600);
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const e = await verifier.verify(forged).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(TokenRejected);
    expect((e as TokenRejected).problem).toBe('invalid');
  });
});
