import type { HealthReport } from '../../protocol/health';
import type { RouterHealth } from '../../routing/CircuitBreakerRouter';

/** A health report is reused for this long: a client polling /health hard costs one `SELECT 1` per interval. */
export const HEALTH_CACHE_MS = 500;

export interface HealthSources {
  /** `SELECT 1` within a second (Database.ping); never throws. */
  pingDatabase: () => Promise<boolean>;
  routerHealth: () => RouterHealth;
  /** Vehicles waiting to be read back after an unsure write (FleetResync.size). */
  resyncPending: () => number;
  stopping: () => boolean;
}

/** GET /health's answer, from what the dispatcher depends on; cached for HEALTH_CACHE_MS (wall clock). */
export function healthCheck(sources: HealthSources, nowMs: () => number = () => performance.now()): () => Promise<HealthReport> {
  let cached: { atMs: number; database: 'up' | 'down' } | null = null;
  let pending: Promise<'up' | 'down'> | null = null;
  const database = async (): Promise<'up' | 'down'> => {
    if (cached && nowMs() - cached.atMs < HEALTH_CACHE_MS) return cached.database;
    pending ??= sources.pingDatabase().then((up) => {
      cached = { atMs: nowMs(), database: up ? 'up' : 'down' };
      pending = null;
      return cached.database;
    });
    return pending;
  };
  return async () => {
    const db = await database();
    const router = sources.routerHealth();
    const status = sources.stopping() ? 'stopping' : db === 'up' && router === 'up' ? 'ok' : 'degraded';
    return { status, database: db, router, fleetResyncPending: sources.resyncPending() };
  };
}
