import type { Router } from '../../routing/Router';
import type { Clock } from '../clock/Clock';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetState } from '../fleet/FleetState';
import type { MetricsRepository } from '../persistence/MetricsRepository';
import type { Repositories } from '../persistence/Repositories';
import type { ChangeFeed } from '../realtime/ChangeFeed';
import type { ServiceRulesCache } from '../rules/ServiceRulesCache';
import type { MeetingPointSet } from '../meetingPoints/MeetingPointSet';
import type { CommitGate } from './CommitGate';
import type { PositionWriter } from './PositionWriter';

/** What the dispatcher's parts (booking, shifts and positions, stop events) share: the truth, the cache, the gate. */
export interface DispatchContext {
  readonly repos: Repositories;
  readonly metrics: MetricsRepository;
  readonly router: Router;
  /** The router for legs driven from a given time on (the learnt speed factor of that hour; `router` itself without learning). */
  readonly routerAt: (epochS: number) => Router;
  readonly clock: Clock;
  readonly policy: DispatchPolicy;
  /** The in-memory fleet: a cache of PostgreSQL, changed only after a commit. */
  readonly fleet: FleetState;
  readonly gate: CommitGate;
  readonly changes: ChangeFeed;
  readonly positions: PositionWriter;
  readonly newId: () => string;
  /** Zones, hours, pairs and eligibility: what a request is judged by before it is planned. */
  readonly rules: ServiceRulesCache;
  /** Candidate meeting points (issue 14 §3); absent or empty: riders are met at the curb next to them. */
  readonly meetingPoints?: MeetingPointSet;
  /** Reads these vehicles back from PostgreSQL into the fleet (after a conflict, a shift start, an unsure write). */
  reloadVehicles(vehicleIds: readonly string[]): Promise<void>;
}
