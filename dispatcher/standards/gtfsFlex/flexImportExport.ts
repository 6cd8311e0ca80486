import type { Clock } from '../../clock/Clock';
import type { Database } from '../../persistence/Database';
import { areaView } from '../../views/serviceAreaView';
import { ServiceRulesRepository } from '../../persistence/ServiceRulesRepository';
import { describeService } from '../StandardsSources';
import { buildFlexFeed } from './buildFlexFeed';
import { type FeedFiles, FeedInvalid } from './FeedFiles';
import { parseFlexFeed } from './parseFlexFeed';
import { validateFlexFeed } from './validateFlexFeed';

/** What `anystop gtfs import --json` prints. */
export interface FlexImportReport {
  zones: number;
  bookingRules: number;
  calendars: number;
  hours: number;
  /** Zone id → the service area the dispatcher now serves it with. */
  serviceAreas: Record<string, number>;
  warnings: string[];
}

/** Reads a feed and stores its zones (as service areas too), calendars, booking rules and hours; FeedInvalid when it is not valid. */
export async function importFlexFeed(database: Database, files: FeedFiles, clock: Clock): Promise<FlexImportReport> {
  const { service, warnings } = parseFlexFeed(files);
  const written = await new ServiceRulesRepository(database.pool).replace(service, clock.nowS());
  return { zones: service.zones.length, bookingRules: service.bookingRules.length, calendars: service.calendars.length, hours: service.hours.length, serviceAreas: written.areaIds, warnings };
}

/** The feed of what the database holds (imported rules, or the service areas with defaults), checked before it is returned. */
export async function exportFlexFeed(database: Database, clock: Clock, baseUrl: string): Promise<{ files: Map<string, string>; zones: number; bookingRules: number; calendars: number; hours: number }> {
  const rules = new ServiceRulesRepository(database.pool);
  const areas = {
    async listServiceAreas() {
      return (await database.repos.serviceAreas.list({ activeOnly: true })).map(areaView);
    },
  };
  const { service } = await describeService({ service: areas, rules, clock }, baseUrl);
  const files = buildFlexFeed(service);
  const problems = validateFlexFeed(files);
  if (problems.length > 0) throw new FeedInvalid(problems);
  return { files, zones: service.zones.length, bookingRules: service.bookingRules.length, calendars: service.calendars.length, hours: service.hours.length };
}
