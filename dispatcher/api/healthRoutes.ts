import { Router as expressRouter, type Router } from 'express';
import type { ApiErrorBody } from '../../protocol/errors';
import type { HealthReport, ReadyReport } from '../../protocol/health';
import { RETRY_AFTER_S } from './errorMapping';

/**
 * GET /health (liveness and what depends on what: always 200 while the process answers) and GET /ready (readiness for a
 * load balancer: 503 with Retry-After while the database is down or the dispatcher is stopping). A router that is down
 * keeps the instance ready: manifests, stop events and positions still work, only new requests are declined.
 */
export function healthRoutes(check: () => Promise<HealthReport>): Router {
  const routes = expressRouter();
  routes.get('/health', (_req, res, next) => {
    check().then((report) => void res.json(report), next);
  });
  routes.get('/ready', (_req, res, next) => {
    check().then((health) => {
      if (health.database === 'up' && health.status !== 'stopping') {
        const body: ReadyReport = { ready: true, health };
        res.json(body);
        return;
      }
      const body: ApiErrorBody =
        health.status === 'stopping'
          ? { error: { code: 'ShuttingDown', message: 'The dispatcher is shutting down' } }
          : { error: { code: 'DatabaseUnavailable', message: 'The database does not answer; this instance cannot take requests now' } };
      res.status(503).set('Retry-After', String(RETRY_AFTER_S)).json(body);
    }, next);
  });
  return routes;
}
