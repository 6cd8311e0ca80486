/** GET /health: how the dispatcher and what it depends on are doing. Always 200 while the process answers. */
export interface HealthReport {
  /** 'ok': everything answers; 'degraded': the database or the router does not (see which); 'stopping': shutting down. */
  status: 'ok' | 'degraded' | 'stopping';
  /** `SELECT 1` answered within a second. */
  database: 'up' | 'down';
  /** The routing engine's last call worked ('down' from a RoutingUnavailable until a call works again). */
  router: 'up' | 'down';
  /** Vehicles whose cached schedule waits to be read back from the database after a write whose answer was lost. */
  fleetResyncPending: number;
}

/** GET /ready: 200 when this instance should get traffic (database up, not shutting down), else 503 with the reason. */
export interface ReadyReport {
  ready: true;
  health: HealthReport;
}
