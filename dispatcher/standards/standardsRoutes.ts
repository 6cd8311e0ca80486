import { Router } from 'express';
import { gofsRoutes } from './gofs/gofsRoutes';
import { flexRoutes } from './gtfsFlex/flexRoutes';
import { realtimeFeedRoutes } from './gtfsRealtime/realtimeFeedRoutes';
import type { StandardsSources } from './StandardsSources';
import { tompRoutes } from './tomp/tompRoutes';

/** The open standards: GTFS-Flex (/gtfs/flex.zip), GOFS (/gofs/...), GTFS-Realtime (/gtfs-rt/...), TOMP-API (/tomp/...). */
export function standardsRoutes(sources: StandardsSources): Router {
  const router = Router();
  router.use(flexRoutes(sources));
  router.use(gofsRoutes(sources));
  router.use(realtimeFeedRoutes(sources));
  router.use(tompRoutes(sources));
  return router;
}
