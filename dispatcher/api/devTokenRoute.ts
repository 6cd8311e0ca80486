import { Router } from 'express';
import { DEV_TOKEN_PATH, type DevTokenResponse } from '../../protocol/auth';
import { devTokenRequestSchema } from './schemas';
import type { Principal } from '../auth/Principal';
import type { TokenIssuer } from '../auth/TokenIssuer';
import { parse, route } from './routeHelpers';

/**
 * POST /auth/dev-token {role, riderId? | vehicleId?}: a token for any role, no password asked. Mounted only
 * when the dispatcher runs with a development key (`anystop demo`, `serve --dev-auth`); the pages use it there.
 */
export function devTokenRoute(issuer: TokenIssuer): Router {
  const router = Router();
  router.post(
    DEV_TOKEN_PATH,
    route(async (req, res) => {
      const body = parse(devTokenRequestSchema, req.body, 'body');
      const principal: Principal =
        body.role === 'rider'
          ? { role: 'rider', subject: body.riderId }
          : body.role === 'driver'
            ? { role: 'driver', subject: body.driverId ?? `driver-${body.vehicleId}`, vehicleId: body.vehicleId }
            : { role: body.role, subject: body.subject ?? `dev-${body.role}` };
      const { token, expiresAt } = await issuer.issue(principal);
      const answer: DevTokenResponse = { token, role: principal.role, subject: principal.subject, expiresAt };
      res.set('Cache-Control', 'no-store').json(answer);
    }),
  );
  return router;
}
