import type { Clock } from '../clock/Clock';
import { NO_RULES, type ServiceRules } from './ServiceRules';

/** How long the rules read from PostgreSQL are trusted before reading them again (an import or another instance may have changed them). */
export const SERVICE_RULES_TTL_S = 30;

/**
 * The service rules as PostgreSQL holds them, cached: read again after SERVICE_RULES_TTL_S, or at once after this
 * instance changed them (invalidate). A cache only; a restart reads them afresh.
 */
export class ServiceRulesCache {
  private rules: ServiceRules | null = null;
  private readAtS = -Infinity;

  constructor(
    private readonly load: () => Promise<ServiceRules>,
    private readonly clock: Clock,
    private readonly ttlS = SERVICE_RULES_TTL_S,
  ) {}

  /** A cache that always answers "no rules" (a dispatcher without zone rules). */
  static none(clock: Clock): ServiceRulesCache {
    return new ServiceRulesCache(async () => NO_RULES, clock, Infinity);
  }

  async current(): Promise<ServiceRules> {
    const now = this.clock.nowS();
    if (this.rules === null || now - this.readAtS > this.ttlS || now < this.readAtS) {
      this.rules = await this.load();
      this.readAtS = now;
    }
    return this.rules;
  }

  invalidate(): void {
    this.rules = null;
  }
}
