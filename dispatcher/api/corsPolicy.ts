import type { RequestHandler } from 'express';
import { ApiError } from '../errors/ApiError';

/** The environment variable listing the other origins whose pages may call the API (comma separated, or `*`). */
export const CORS_ENV = 'ANYSTOP_CORS_ORIGINS';

/** Origins from the environment; none by default: only the dispatcher's own pages call it. */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return (env[CORS_ENV] ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/** Headers a page from an allowed origin may send, and how long a browser may remember a preflight. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key';
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE';
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Whether a browser page from `origin` may talk to the dispatcher at `host`: its own pages always (same host),
 * others only when listed. A request without an Origin header does not come from another site's page.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  return origin === undefined || allowed.includes('*') || allowed.includes(origin) || sameHost(origin, host);
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed frames, files) and anything else that is not a URL
  }
}

/**
 * CORS, same origin only unless configured: a request from another site's page is refused with 403 (and
 * gets no CORS headers, so the browser would not let that page read any answer). Allowed origins get
 * their preflight answered and Access-Control-Allow-Origin on every answer.
 */
export function corsPolicy(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    if (!originAllowed(origin, req.get('host'), allowed)) {
      return next(new ApiError('Forbidden', `Pages from ${origin} may not call this API (the dispatcher allows the origins in ${CORS_ENV})`));
    }
    res.vary('Origin');
    if (sameHost(origin, req.get('host'))) return next();
    res.set('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.set({ 'Access-Control-Allow-Methods': ALLOWED_METHODS, 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_S) });
      return void res.status(204).end();
    }
    next();
  };
}
