import { Router } from 'express';
import type { BoardResponse } from '../../protocol/board';
import type { Clock } from '../clock/Clock';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetState } from '../fleet/FleetState';
import type { BoardRepository } from '../persistence/BoardRepository';
import { boardView } from '../views/boardView';
import { grantOf } from './requestAuth';
import { route } from './routeHelpers';

/** A promise_at_risk event older than this no longer flags its trip on the board (the plan has had time to react). */
export const AT_RISK_FLAG_S = 10 * 60;

/** What GET /board reads: the stored trips and vehicles, this instance's fleet cache, the clock and the policy. */
export interface BoardSources {
  repository: BoardRepository;
  fleet: FleetState;
  clock: Clock;
  policy?: DispatchPolicy;
}

/** GET /board: the operator console's live board (open trips by column, vehicles with next stops, load and lateness). */
export function boardRoutes(sources: BoardSources): Router {
  const router = Router();
  router.get(
    '/board',
    route(async (_req, res) => {
      grantOf(res);
      const nowS = sources.clock.nowS();
      const [trips, vehicles, flaggedAtRisk] = await Promise.all([sources.repository.openTrips(), sources.repository.vehicles(), sources.repository.flaggedAtRisk(nowS - AT_RISK_FLAG_S)]);
      const body: BoardResponse = boardView({ trips, vehicles, fleet: sources.fleet, flaggedAtRisk, nowS, policy: sources.policy });
      res.json(body);
    }),
  );
  return router;
}
