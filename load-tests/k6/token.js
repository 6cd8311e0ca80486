// Signs the load's tokens (HS256 JWT) with the dispatcher's secret, as `npm run load` does in Node.
// Run the dispatcher and k6 with the same ANYSTOP_JWT_SECRET (and ANYSTOP_JWT_ISSUER / _AUDIENCE if you changed them):
//   ANYSTOP_JWT_SECRET=... ANYSTOP_RATE_LIMIT_EXEMPT=loopback npx anystop serve ...
//   k6 run -e ANYSTOP_JWT_SECRET=... load-tests/k6/<script>.js
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';

const SECRET = __ENV.ANYSTOP_JWT_SECRET;
const ISSUER = __ENV.ANYSTOP_JWT_ISSUER || 'anystop';
const AUDIENCE = __ENV.ANYSTOP_JWT_AUDIENCE || 'anystop-dispatcher';

/** A token for `claims` ({ role, sub, vehicleId? }), valid for an hour. */
export function token(claims) {
  if (!SECRET) throw new Error('set -e ANYSTOP_JWT_SECRET=<the dispatcher secret>');
  const now = Math.floor(Date.now() / 1000);
  const part = (o) => encoding.b64encode(JSON.stringify(o), 'rawurl');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, ...claims })}`;
  return `${unsigned}.${crypto.hmac('sha256', SECRET, unsigned, 'base64rawurl')}`;
}
