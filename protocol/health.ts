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
  /** This instance's name (ANYSTOP_INSTANCE_ID, default host name and pid). */
  instance: string;
  /** 'off': this instance runs alone (no ANYSTOP_NATS_URL); else whether its NATS connection is up. */
  nats: 'off' | 'up' | 'down';
  /** The zones (service area ids) this instance owns and decides for now; ['*'] when it runs alone and owns them all. */
  zones: string[];
}

/** GET /ready: 200 when this instance should get traffic (database up, NATS up when clustered, not shutting down), else 503 with the reason. */
export interface ReadyReport {
  ready: true;
  health: HealthReport;
}
