import type { Router } from '../../routing/Router';
import type { RiderGroupName, ServiceHoursView, ZoneHoursWire, ZoneView } from '../../protocol/serviceRules';
import type { ZoneCreateInput, ZoneUpdateInput } from '../api/ruleSchemas';
import type { Clock } from '../clock/Clock';
import { ApiError } from '../errors/ApiError';
import type { Repositories } from '../persistence/Repositories';
import type { ZoneHoursInput, ZoneInput, ZoneRecord } from '../persistence/ZoneRulesRepository';
import { areaHasRoad } from '../service/roadNetworkChecks';
import { compactDate, formatClockTime, isoDate, parseClockTime } from './localTime';
import type { ServiceRulesCache } from './ServiceRulesCache';

/** How far ahead GET /service-hours lists the scheduled shifts. */
export const SERVICE_HOURS_AHEAD_S = 7 * 86400;

export interface ZoneRulesDeps {
  repos: Pick<Repositories, 'zoneRules' | 'riderGroups' | 'plannedShifts' | 'vehicles'>;
  router: Router;
  clock: Clock;
  rules: ServiceRulesCache;
  newId: () => string;
}

/** Zones and their rules through the API: validated, stored, and the dispatcher's rules read again at once. */
export class ZoneRulesService {
  constructor(private readonly deps: ZoneRulesDeps) {}

  async list(): Promise<ZoneView[]> {
    return (await this.deps.repos.zoneRules.list()).map(zoneView);
  }

  async create(input: ZoneCreateInput): Promise<ZoneView> {
    const zone = await this.checked(input.id ?? `zone-${this.deps.newId().slice(0, 8)}`, input);
    if (!(await this.deps.repos.zoneRules.create(zone, this.deps.clock.nowS()))) throw new ApiError('ValidationFailed', `body.id: a zone ${zone.id} exists already; PUT /zones/${zone.id} changes it`);
    return this.changed(zone.id);
  }

  async update(id: string, input: ZoneUpdateInput): Promise<ZoneView> {
    const existing = await this.deps.repos.zoneRules.get(id);
    if (!existing) throw new ApiError('NotFound', `No zone ${id}`);
    if (existing.source !== 'operator') throw new ApiError('ValidationFailed', `Zone ${id} came with the GTFS-Flex import: change the feed and import it again`);
    const zone = await this.checked(id, input);
    await this.deps.repos.zoneRules.update(zone, this.deps.clock.nowS());
    return this.changed(id);
  }

  async delete(id: string): Promise<void> {
    const existing = await this.deps.repos.zoneRules.get(id);
    if (!existing) throw new ApiError('NotFound', `No zone ${id}`);
    if (existing.source !== 'operator') throw new ApiError('ValidationFailed', `Zone ${id} came with the GTFS-Flex import: change the feed and import it again`);
    await this.deps.repos.zoneRules.delete(id);
    this.deps.rules.invalidate();
  }

  /** What the rider page shows: each zone's hours, and when vehicles are on shift or planned in the coming week. */
  async serviceHours(): Promise<ServiceHoursView> {
    const now = this.deps.clock.nowS();
    const [zones, planned, active] = await Promise.all([this.deps.repos.zoneRules.list(), this.deps.repos.plannedShifts.covering(now, now + SERVICE_HOURS_AHEAD_S), this.deps.repos.vehicles.listActive()]);
    const spans = [...active.map((a) => ({ startsAt: Math.max(now, a.shift.startsAtS), endsAt: a.shift.endsAtS })), ...planned.map((p) => ({ startsAt: Math.max(now, p.shift.startsAtS), endsAt: p.shift.endsAtS }))]
      .filter((s) => s.endsAt > s.startsAt)
      .sort((a, b) => a.startsAt - b.startsAt);
    const scheduled: ServiceHoursView['scheduled'] = [];
    for (const s of spans) {
      const last = scheduled[scheduled.length - 1];
      if (last && s.startsAt <= last.endsAt) last.endsAt = Math.max(last.endsAt, s.endsAt);
      else scheduled.push({ startsAt: Math.floor(s.startsAt), endsAt: Math.ceil(s.endsAt) });
    }
    return { zones: zones.map((z) => ({ id: z.id, name: z.name, timezone: z.timezone, hours: hoursWire(z.hours) })), scheduled };
  }

  async riderGroups(riderId: string): Promise<{ riderId: string; groups: string[] }> {
    return { riderId, groups: await this.deps.repos.riderGroups.groupsOf(riderId) };
  }

  async setRiderGroups(riderId: string, groups: readonly RiderGroupName[]): Promise<{ riderId: string; groups: string[] }> {
    return { riderId, groups: await this.deps.repos.riderGroups.setGroups(riderId, groups, this.deps.clock.nowS()) };
  }

  private async changed(id: string): Promise<ZoneView> {
    this.deps.rules.invalidate();
    return zoneView((await this.deps.repos.zoneRules.get(id))!);
  }

  /** The input as stored, once the polygon holds a road and the pairs name zones (PostGIS checks the polygon itself). */
  private async checked(id: string, input: ZoneUpdateInput): Promise<ZoneInput> {
    const g = input.geometry;
    if ((await areaHasRoad(this.deps.router, g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) === false) {
      throw new ApiError('ServiceAreaOffNetwork', `No road of the network lies inside the zone "${input.name}"; draw it over the streets it serves`);
    }
    for (const [i, p] of input.pairs.entries()) {
      if (p.toZoneId !== id && !(await this.deps.repos.zoneRules.get(p.toZoneId))) throw new ApiError('ValidationFailed', `body.pairs.${i}.toZoneId: there is no zone ${p.toZoneId}; create it first`);
    }
    const hours: ZoneHoursInput | null = input.hours && {
      weekly: input.hours.weekly.map((w) => ({ days: w.days, startS: parseClockTime(w.start)!, endS: parseClockTime(w.end)! })),
      closedDates: input.hours.closedDates.map(compactDate),
      extra: input.hours.extra.map((x) => ({ date: compactDate(x.date), startS: parseClockTime(x.start)!, endS: parseClockTime(x.end)! })),
    };
    return {
      id,
      name: input.name,
      geometry: input.geometry,
      timezone: input.timezone ?? null,
      hours,
      maxWaitS: input.maxWaitS,
      rideFactor: input.maxDetour?.alpha ?? null,
      rideExtraS: input.maxDetour?.betaS ?? null,
      bookingHorizonS: input.bookingHorizonS,
      eligibleGroups: input.eligibleGroups,
      maxWalkM: input.maxWalkM,
      // A pair to itself (the zone's own rule) may be stored once the zone exists: it does within this transaction.
      pairs: input.pairs.map((p) => ({ toZoneId: p.toZoneId, rule: p.rule, transferPoint: p.transferPoint })),
    };
  }
}

function hoursWire(h: ZoneRecord['hours']): ZoneHoursWire | null {
  if (!h) return null;
  return {
    weekly: h.weekly.map((w) => ({ days: w.days, start: formatClockTime(w.startS), end: formatClockTime(w.endS) })),
    closedDates: h.closedDates.map(isoDate),
    extra: h.extra.map((x) => ({ date: isoDate(x.date), start: formatClockTime(x.startS), end: formatClockTime(x.endS) })),
  };
}

export function zoneView(z: ZoneRecord): ZoneView {
  return {
    id: z.id,
    name: z.name,
    source: z.source,
    geometry: z.geometry,
    timezone: z.timezone,
    hours: hoursWire(z.hours),
    maxWaitS: z.maxWaitS,
    maxDetour: z.rideFactor === null && z.rideExtraS === null ? null : { alpha: z.rideFactor ?? 1, betaS: z.rideExtraS ?? 0 },
    bookingHorizonS: z.bookingHorizonS,
    eligibleGroups: z.eligibleGroups as RiderGroupName[],
    maxWalkM: z.maxWalkM,
    pairs: z.pairs.map((p) => ({ toZoneId: p.toZoneId, rule: p.rule, transferPoint: p.transferPoint ? [p.transferPoint[0], p.transferPoint[1]] : null })),
    serviceAreaId: z.serviceAreaId,
  };
}
