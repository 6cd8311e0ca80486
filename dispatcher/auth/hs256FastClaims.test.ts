import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { hs256FastClaims } from './hs256FastClaims';

const T = 1_800_000_000;
const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes!';
const check = { secret: Buffer.from(SECRET), issuer: 'anystop', audience: 'anystop-dispatcher', clockToleranceS: 30, nowS: T };
const key = new TextEncoder().encode(SECRET);

function token(o: { header?: Record<string, unknown>; iss?: string; aud?: string | string[]; exp?: number | null; nbf?: number; iat?: number; sub?: string | null; secret?: string } = {}): Promise<string> {
  let jwt = new SignJWT({ role: 'rider' }).setProtectedHeader({ alg: 'HS256', ...o.header } as { alg: string }).setIssuer(o.iss ?? 'anystop').setAudience(o.aud ?? 'anystop-dispatcher');
  if (o.sub !== null) jwt = jwt.setSubject(o.sub ?? 'r1');
  if (o.exp !== null) jwt = jwt.setExpirationTime(o.exp ?? T + 600);
  if (o.nbf !== undefined) jwt = jwt.setNotBefore(o.nbf);
  if (o.iat !== undefined) jwt = jwt.setIssuedAt(o.iat);
  return jwt.sign(o.secret ? new TextEncoder().encode(o.secret) : key);
}

/** jose's verdict with the verifier's options: the payload, or null when it refuses. */
async function jose(t: string): Promise<unknown> {
  return jwtVerify(t, key, { algorithms: ['HS256'], issuer: 'anystop', audience: 'anystop-dispatcher', requiredClaims: ['exp', 'sub'], clockTolerance: 30, currentDate: new Date(T * 1000) }).then(
    (r) => r.payload,
    () => null,
  );
}

describe('a new HS256 token checked without WebCrypto', () => {
  test('a plain valid token: the same claims jose returns', async () => {
    for (const t of [await token(), await token({ aud: ['other', 'anystop-dispatcher'], nbf: T - 10, iat: T - 5 }), await token({ header: { typ: 'JWT', kid: 'k1' }, exp: T - 29 })]) {
      const fast = hs256FastClaims(t, check);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(await jose(t));
    }
  });

  test('every token jose refuses is left to jose (null), and so are the odd ones jose might accept', async () => {
    const good = await token();
    const [h, p, sig] = good.split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })).toString('base64url')}.${sig}`;
    const noneAlg = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    const hs512Header = Buffer.from(JSON.stringify({ alg: 'HS512' })).toString('base64url');
    const hs512 = `${hs512Header}.${p}.${createHmac('sha512', SECRET).update(`${hs512Header}.${p}`).digest('base64url')}`;
    const refused = [
      forged,
      noneAlg,
      hs512,
      `${h}.${p}.${sig.slice(0, -1)}`,
      await token({ secret: 'another-secret-of-at-least-thirty-two-bytes' }),
      await token({ iss: 'someone-else' }),
      await token({ aud: 'other' }),
      await token({ aud: ['other'] }),
      await token({ exp: T - 30 }),
      await token({ exp: null }),
      await token({ sub: null }),
      await token({ nbf: T + 31 }),
    ];
    for (const t of refused) {
      expect(await jose(t)).toBeNull();
      expect(hs256FastClaims(t, check)).toBeNull();
    }
    // Odd but perhaps acceptable to jose: decided there, not here.
    for (const t of [await token({ header: { crit: ['exp'], exp: 1 } }).catch(() => null), await token({ iat: T + 3600 }), `${h}.${p}.${sig}=`]) {
      if (t !== null) expect(hs256FastClaims(t, check)).toBeNull();
    }
  });

  test('the clock is read in whole seconds, as jose reads it: a not-before just past the tolerance is not accepted early', async () => {
    const t = await token({ nbf: T + 30.5 });
    expect(await jose(t)).toBeNull();
    expect(hs256FastClaims(t, { ...check, nowS: T + 0.9 })).toBeNull();
    expect(hs256FastClaims(t, { ...check, nowS: T + 1 })).not.toBeNull();
  });
});
