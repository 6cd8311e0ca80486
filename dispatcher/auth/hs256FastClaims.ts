import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the fast check compares a token with: the HS256 secret and the registered claims jose would check. */
export interface Hs256FastCheck {
  secret: Buffer;
  issuer: string;
  audience: string;
  clockToleranceS: number;
  nowS: number;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** Header members the fast check understands; any other (crit, b64, jku, ...) goes to jose. */
const PLAIN_HEADER = new Set(['alg', 'typ', 'kid']);

const numeric = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function json(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The claims of a plain HS256 token that passes every check jose's jwtVerify makes with Anystop's options (signature,
 * iss, aud, a required exp and sub, nbf and iat as numbers, the clock tolerance), checked synchronously with
 * node:crypto, without WebCrypto's asynchronous job (most of a new token's verification CPU). It only ever accepts:
 * null means "not decided here" (another algorithm, an unusual header, a bad signature, a claim that fails or is
 * odd), and the caller then asks jose, which refuses with its own reason or accepts. So it accepts a subset of what
 * jose accepts, never more: the signature is compared in its canonical base64url form, segments must be strict
 * base64url, and an iat in the future (beyond the tolerance) is left to jose too.
 */
export function hs256FastClaims(token: string, check: Hs256FastCheck): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, sig] = parts as [string, string, string];
  if (!SEGMENT.test(h) || !SEGMENT.test(p) || !SEGMENT.test(sig)) return null;
  const header = json(h);
  if (!header || header.alg !== 'HS256' || Object.keys(header).some((k) => !PLAIN_HEADER.has(k))) return null;
  const expected = Buffer.from(createHmac('sha256', check.secret).update(`${h}.${p}`).digest('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = json(p);
  if (!claims) return null;
  const { iss, aud, exp, nbf, iat, sub } = claims;
  // Whole seconds, as jose reads its currentDate.
  const now = Math.floor(check.nowS);
  if (iss !== check.issuer) return null;
  if (!(aud === check.audience || (Array.isArray(aud) && aud.every((a) => typeof a === 'string') && aud.includes(check.audience)))) return null;
  if (typeof sub !== 'string' || !numeric(exp) || exp <= now - check.clockToleranceS) return null;
  if (nbf !== undefined && (!numeric(nbf) || nbf > now + check.clockToleranceS)) return null;
  if (iat !== undefined && (!numeric(iat) || iat > now + check.clockToleranceS)) return null;
  return claims;
}
