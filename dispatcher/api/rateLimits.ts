import type { RequestHandler } from 'express';
import { ApiError } from '../errors/ApiError';
import { type BucketLimit, KeyedRateLimiter } from './KeyedRateLimiter';
import { principalOrNull } from './requestAuth';

/** HTTP rate limits: per client address, and per rider or driver token (staff consoles count per address only). */
export interface HttpRateLimits {
  perIp: BucketLimit;
  perIdentity: BucketLimit;
  /** Addresses no limit applies to (a load generator on the same machine); empty by default. */
  exemptIps: readonly string[];
}

/**
 * Defaults. Per address it is high: riders behind a mobile carrier's NAT share one address. Per rider it is
 * far above what a person taps (the rider page polls every 3–5 s).
 */
export const DEFAULT_HTTP_RATE_LIMITS: HttpRateLimits = Object.freeze({
  perIp: Object.freeze({ ratePerS: 200, burst: 400 }),
  perIdentity: Object.freeze({ ratePerS: 5, burst: 20 }),
  exemptIps: Object.freeze([]),
});

/** What `loopback` stands for in ANYSTOP_RATE_LIMIT_EXEMPT. */
export const LOOPBACK_IPS = Object.freeze(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export const RATE_LIMIT_ENV = Object.freeze({
  perIp: 'ANYSTOP_RATE_PER_IP',
  perIdentity: 'ANYSTOP_RATE_PER_RIDER',
  exempt: 'ANYSTOP_RATE_LIMIT_EXEMPT',
});

/**
 * Limits from the environment: ANYSTOP_RATE_PER_IP and ANYSTOP_RATE_PER_RIDER in requests per second (the
 * burst is twice that), ANYSTOP_RATE_LIMIT_EXEMPT a comma list of addresses or `loopback`.
 */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv): HttpRateLimits {
  const rate = (name: string, fallback: BucketLimit): BucketLimit => {
    const raw = env[name];
    if (!raw) return fallback;
    const perS = Number(raw);
    if (!(perS > 0)) throw new Error(`${name} must be a positive number of requests per second, got '${raw}'`);
    return { ratePerS: perS, burst: Math.max(2 * perS, 1) };
  };
  const exempt = (env[RATE_LIMIT_ENV.exempt] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((s) => (s === 'loopback' ? LOOPBACK_IPS : [s]));
  return {
    perIp: rate(RATE_LIMIT_ENV.perIp, DEFAULT_HTTP_RATE_LIMITS.perIp),
    perIdentity: rate(RATE_LIMIT_ENV.perIdentity, DEFAULT_HTTP_RATE_LIMITS.perIdentity),
    exemptIps: exempt,
  };
}

function refuse(retryAfterS: number, what: string): ApiError {
  const wait = Math.max(1, Math.ceil(retryAfterS));
  return new ApiError('RateLimited', `Too many requests ${what}; retry after ${wait} s`, { retryAfterS: wait });
}

/** Per client address, before anything else is read (token checks cost work too). */
export function perIpRateLimit(limits: HttpRateLimits, nowMs: () => number): RequestHandler {
  const limiter = new KeyedRateLimiter(limits.perIp);
  const exempt = new Set(limits.exemptIps);
  return (req, _res, next) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (exempt.has(ip)) return next();
    const verdict = limiter.take(ip, nowMs());
    next(verdict.ok ? undefined : refuse(verdict.retryAfterS, 'from this address'));
  };
}

/** Per rider and per driver (their token's subject), after authentication. */
export function perIdentityRateLimit(limits: HttpRateLimits, nowMs: () => number): RequestHandler {
  const limiter = new KeyedRateLimiter(limits.perIdentity);
  const exempt = new Set(limits.exemptIps);
  return (req, res, next) => {
    const principal = principalOrNull(res);
    if (!principal || (principal.role !== 'rider' && principal.role !== 'driver')) return next();
    if (exempt.has(req.ip ?? '')) return next();
    const verdict = limiter.take(`${principal.role}:${principal.subject}`, nowMs());
    next(verdict.ok ? undefined : refuse(verdict.retryAfterS, `for this ${principal.role}`));
  };
}
