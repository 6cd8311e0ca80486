import { Router } from 'express';
import { z } from 'zod';
import { parse, route } from '../../api/routeHelpers';
import { baseUrlOf } from '../gtfsFlex/flexRoutes';
import { describeService, type StandardsSources } from '../StandardsSources';
import { buildTripUpdates, buildVehiclePositions, encodeFeed, feedAsJson, type LiveFleet, type RealtimeContext } from './buildRealtimeFeeds';

const formatSchema = z.enum(['protobuf', 'json']).default('protobuf');

/** GET /gtfs-rt/vehicle-positions and /gtfs-rt/trip-updates: protobuf (application/x-protobuf), or JSON with ?format=json. */
export function realtimeFeedRoutes(sources: StandardsSources): Router {
  const router = Router();
  const feed = (build: (fleet: LiveFleet, c: RealtimeContext) => ReturnType<typeof buildVehiclePositions>) =>
    route(async (req, res) => {
      const format = parse(formatSchema, req.query.format, 'query.format');
      const { service } = await describeService(sources, baseUrlOf(req));
      const message = build(sources.live(), { nowS: sources.clock.nowS(), routeId: service.routeId, timezone: service.agency.timezone, zones: service.zones });
      res.set('Cache-Control', 'no-cache');
      if (format === 'json') res.json(feedAsJson(message));
      else res.type('application/x-protobuf').send(Buffer.from(encodeFeed(message)));
    });
  router.get('/gtfs-rt/vehicle-positions', feed(buildVehiclePositions));
  router.get('/gtfs-rt/trip-updates', feed(buildTripUpdates));
  return router;
}
