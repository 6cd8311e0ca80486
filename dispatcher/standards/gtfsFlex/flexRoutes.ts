import { Router } from 'express';
import { route } from '../../api/routeHelpers';
import { describeService, type StandardsSources } from '../StandardsSources';
import { buildFlexFeed } from './buildFlexFeed';
import { zipFeed } from './FeedFiles';

/** The request's own origin: links in the feeds point back at the server the client reached. */
export const baseUrlOf = (req: { protocol: string; get(name: string): string | undefined }) => `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;

/** GET /gtfs/flex.zip: the service as a GTFS-Flex feed. */
export function flexRoutes(sources: StandardsSources): Router {
  const router = Router();
  router.get(
    '/gtfs/flex.zip',
    route(async (req, res) => {
      const { service } = await describeService(sources, baseUrlOf(req));
      res.set('Content-Disposition', 'attachment; filename="flex.zip"');
      res.type('application/zip').send(Buffer.from(zipFeed(buildFlexFeed(service))));
    }),
  );
  return router;
}
