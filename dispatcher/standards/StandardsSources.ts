import type { DispatchService } from '../api/DispatchService';
import type { Clock } from '../clock/Clock';
import { defaultServiceDescription } from './defaultServiceDescription';
import type { LiveFix, LiveFleet } from './gtfsRealtime/buildRealtimeFeeds';
import type { Quote, QuoteRequest } from './OfferQuote';
import type { ServiceDescription } from './ServiceDescription';

/** The imported rules as stored (ServiceRulesRepository). */
export interface StoredRules {
  load(): Promise<{ service: ServiceDescription; importedAtS: number } | null>;
}

/**
 * What the open-standards routes read: the dispatcher through its public interface (DispatchService), the stored
 * rules, a side-effect-free quote, the live fleet plan and the clock. startServer builds it.
 */
export interface StandardsSources {
  service: DispatchService;
  rules: StoredRules;
  quote(request: QuoteRequest): Promise<Quote>;
  live(): LiveFleet;
  clock: Clock;
}

/** The published service: the imported rules, or else the active service areas with default hours and rules. */
export async function describeService(s: { service: Pick<DispatchService, 'listServiceAreas'>; rules: StoredRules; clock: Clock }, baseUrl: string): Promise<{ service: ServiceDescription; lastUpdatedS: number }> {
  const stored = await s.rules.load();
  if (stored) return { service: stored.service, lastUpdatedS: stored.importedAtS };
  const areas = (await s.service.listServiceAreas()).filter((a) => a.properties.active);
  const service = defaultServiceDescription(areas.map((a) => ({ id: a.id, name: a.properties.name, geometry: a.geometry })), s.clock.nowS(), { bookingUrl: `${baseUrl}/rider` });
  return { service, lastUpdatedS: Math.max(0, ...areas.map((a) => a.properties.createdAt)) };
}

/** The last GPS fix of each vehicle, kept from the dispatcher's position signals (heading is not in the fleet plan). */
export class LiveFixes {
  private readonly fixes = new Map<string, LiveFix>();

  readonly record = (p: { vehicleId: string; headingDeg: number | null; atS: number }): void => {
    this.fixes.set(p.vehicleId, { headingDeg: p.headingDeg, speedMps: null, atS: p.atS });
  };

  get all(): ReadonlyMap<string, LiveFix> {
    return this.fixes;
  }
}
