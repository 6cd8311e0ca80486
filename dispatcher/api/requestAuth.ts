import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal } from '../auth/Principal';
import { ACCESS_RULES, type Access, type AccessRule } from '../auth/accessTable';
import { TokenRejected, type TokenVerifier } from '../auth/TokenVerifier';
import { ApiError } from '../errors/ApiError';

/** What the edge learnt about a request's token, and the access the table gives it on the matched route. */
interface RequestAuth {
  principal: Principal | null;
  rejected: TokenRejected | null;
  rule?: AccessRule;
  access?: Access;
}

const KEY = 'anystopAuth';

function stateOf(res: Response): RequestAuth | undefined {
  return (res.locals as Record<string, RequestAuth | undefined>)[KEY];
}

/** The bearer token's principal, or null for a request without a valid token. */
export function principalOrNull(res: Response): Principal | null {
  return stateOf(res)?.principal ?? null;
}

/**
 * The caller and the access the table gives it here. Only a route guarded by ACCESS_RULES has them: a handler
 * that asks on a route the table does not list fails closed (500) instead of serving unchecked.
 */
export function grantOf(res: Response): { principal: Principal; access: Exclude<Access, 'none'> } {
  const state = stateOf(res);
  if (!state?.principal || !state.access || state.access === 'none') throw new Error('This route has no access rule: add it to dispatcher/auth/accessTable.ts');
  return { principal: state.principal, access: state.access };
}

/** Reads `Authorization: Bearer <token>`. A bad token is not refused here: only a guarded route refuses it (401). */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const set = (state: RequestAuth) => {
      (res.locals as Record<string, RequestAuth>)[KEY] = state;
      next();
    };
    if (!header) return set({ principal: null, rejected: null });
    const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
    if (!match) return set({ principal: null, rejected: new TokenRejected('invalid', 'Send the token as Authorization: Bearer <token>') });
    verifier.verify(match[1]).then(
      ({ principal }) => set({ principal, rejected: null }),
      (e: unknown) => (e instanceof TokenRejected ? set({ principal: null, rejected: e }) : next(e)),
    );
  };
}

/** A rule's method and path segments; `:name` matches any one segment. */
const compiled = ACCESS_RULES.filter((r) => r.kind === 'http').map((rule) => {
  const [method, path] = rule.id.split(' ');
  const segments = path.split('/').slice(1);
  return { rule: rule as AccessRule, method, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
});

/** The table's rule for this request, the most specific first (`/trips/origins` before `/trips/:id`). */
export function ruleFor(method: string, path: string): AccessRule | undefined {
  // As express routes them: HEAD by the GET handler, paths case-insensitive, a trailing slash ignored.
  const verb = method === 'HEAD' ? 'GET' : method;
  const parts = path.replace(/\/+$/, '').toLowerCase().split('/').slice(1);
  let best: (typeof compiled)[number] | undefined;
  for (const c of compiled) {
    if (c.method !== verb || c.segments.length !== parts.length) continue;
    if (!c.segments.every((s, i) => s.startsWith(':') || s.toLowerCase() === parts[i])) continue;
    if (!best || c.literals > best.literals) best = c;
  }
  return best?.rule;
}

/**
 * Applies ACCESS_RULES to every request that matches a rule: no valid token → 401 Unauthenticated, a role the
 * rule gives no access → 403 Forbidden. Ownership (own trip, own vehicle) is checked by the handler, which
 * knows the resource. Requests that match no rule (public routes, pages) pass untouched.
 */
export function accessGuard(): RequestHandler {
  return (req, res, next) => {
    const rule = ruleFor(req.method, req.path);
    const state = stateOf(res);
    if (!rule) return next();
    if (!state) return next(new Error('authenticate() must run before accessGuard()'));
    state.rule = rule;
    if (!state.principal) {
      const problem = state.rejected;
      res.set('WWW-Authenticate', problem ? 'Bearer realm="anystop", error="invalid_token"' : 'Bearer realm="anystop"');
      return next(new ApiError('Unauthenticated', problem?.message ?? 'This needs a token: send Authorization: Bearer <token>', { cause: problem ?? undefined }));
    }
    const access = rule.roles[state.principal.role];
    if (access === 'none') return next(new ApiError('Forbidden', `A ${state.principal.role} may not ${rule.summary.replace(/ \(.*\)$/, '')}`));
    state.access = access;
    next();
  };
}
