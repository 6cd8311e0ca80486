import { FINAL_TRIP_STATES, PAST_PICKUP_GRACE_S, type TripRequest, type TripView } from '../../protocol/trips';
import type { RecurringOccurrenceView, RecurringTripView } from '../../protocol/serviceRules';
import type { DispatchService } from '../api/DispatchService';
import type { RecurringTripInput } from '../api/ruleSchemas';
import type { Clock } from '../clock/Clock';
import { ApiError } from '../errors/ApiError';
import type { RecurringLeg, RecurringTripRecord } from '../persistence/RecurringTripRepository';
import type { Repositories } from '../persistence/Repositories';
import { addDays } from '../standards/gtfsFlex/gtfsTime';
import { zoneOf } from '../standards/zoneOf';
import { compactDate, epochOfLocal, formatClockTime, isoDate, localMoment, parseClockTime, weekdayOf } from './localTime';
import type { ServiceRulesCache } from './ServiceRulesCache';

/** How long before its pickup an occurrence is released into the live plan, by default. */
export const DEFAULT_RELEASE_HORIZON_S = 2 * 3600;
/** How many days ahead a subscription lists its occurrences. */
export const UPCOMING_DAYS = 14;
/** The reason a skipped day carries when the rider cancels one occurrence. */
export const CANCELLED_BY_RIDER = 'cancelled';

export interface RecurringTripsDeps {
  repos: Pick<Repositories, 'recurringTrips'>;
  /** Books and cancels the occurrences through the normal decision path (rules, promises, the cluster's owner). */
  trips: Pick<DispatchService, 'requestTrip' | 'cancelTrip' | 'getTrip'>;
  clock: Clock;
  rules: ServiceRulesCache;
  newId: () => string;
  releaseHorizonS?: number;
}

interface Occurrence {
  date: string;
  leg: RecurringLeg;
  pickupAtS: number;
}

/** A subscription's occurrences on the days of [fromDate, toDate] (YYYYMMDD), by pickup time. */
export function occurrencesOf(r: RecurringTripRecord, fromDate: string, toDate: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (let date = fromDate; date <= toDate; date = addDays(date, 1)) {
    if (date < r.startDate || (r.endDate !== null && date > r.endDate) || !r.days.includes(weekdayOf(date))) continue;
    out.push({ date, leg: 'outbound', pickupAtS: epochOfLocal(date, r.pickupS, r.timezone) });
    if (r.returnPickupS !== null) out.push({ date, leg: 'return', pickupAtS: epochOfLocal(date, r.returnPickupS, r.timezone) });
  }
  return out;
}

/**
 * Recurring trips (subscriptions): made, listed with their coming occurrences, one occurrence cancelled; and the
 * release of each occurrence into the live plan `releaseHorizonS` before its pickup, as an ordinary auto-accepted
 * request (so the zone rules and the hard promises apply to it as to any trip). release() is driven by the injected
 * clock: RecurringReleaseScheduler calls it on a timer; tests call it after moving a manual clock.
 */
export class RecurringTrips {
  readonly releaseHorizonS: number;

  constructor(private readonly deps: RecurringTripsDeps) {
    this.releaseHorizonS = deps.releaseHorizonS ?? DEFAULT_RELEASE_HORIZON_S;
  }

  async create(riderId: string, input: RecurringTripInput): Promise<RecurringTripView> {
    const now = this.deps.clock.nowS();
    const rules = await this.deps.rules.current();
    const zone = zoneOf(input.origin, rules.zones) as { timezone?: string } | null;
    const timezone = input.timezone ?? zone?.timezone ?? 'UTC';
    const record = await this.deps.repos.recurringTrips.create(
      {
        id: this.deps.newId(),
        riderId,
        riderName: input.riderName ?? null,
        origin: input.origin,
        destination: input.destination,
        passengers: input.passengers,
        wheelchairs: input.wheelchairs,
        days: input.days,
        pickupS: parseClockTime(input.pickupTime)! % 86400,
        returnPickupS: input.returnTime === undefined ? null : parseClockTime(input.returnTime)! % 86400,
        timezone,
        startDate: input.startDate ? compactDate(input.startDate) : localMoment(now, timezone).date,
        endDate: input.endDate ? compactDate(input.endDate) : null,
      },
      now,
    );
    for (const d of input.skipDates) await this.deps.repos.recurringTrips.skip(record.id, compactDate(d), 'skipped');
    return this.view((await this.deps.repos.recurringTrips.get(record.id))!);
  }

  async list(riderId: string | null): Promise<RecurringTripView[]> {
    return Promise.all((await this.deps.repos.recurringTrips.list(riderId)).map((r) => this.view(r)));
  }

  /** The subscription, or NotFound (also for another rider's: its existence is not revealed). */
  async mustGet(id: string, riderId: string | null): Promise<RecurringTripRecord> {
    const r = await this.deps.repos.recurringTrips.get(id);
    if (!r || (riderId !== null && r.riderId !== riderId)) throw new ApiError('NotFound', `No recurring trip ${id}`);
    return r;
  }

  /** One day off: both legs of `date` (YYYY-MM-DD) are skipped, and trips already released for it cancelled. */
  async cancelOccurrence(id: string, date: string, riderId: string | null): Promise<RecurringTripView> {
    const r = await this.mustGet(id, riderId);
    const day = compactDate(date);
    if (occurrencesOf(r, day, day).length === 0) throw new ApiError('NotFound', `Recurring trip ${id} has no occurrence on ${date}`);
    await this.deps.repos.recurringTrips.skip(id, day, CANCELLED_BY_RIDER);
    for (const o of r.occurrences.filter((o) => o.date === day)) {
      const trip = await this.deps.trips.getTrip(o.tripId);
      if (trip && !FINAL_TRIP_STATES.has(trip.state) && trip.state !== 'on_board') await this.deps.trips.cancelTrip(o.tripId, 'RiderCancelled');
    }
    return this.view((await this.deps.repos.recurringTrips.get(id))!);
  }

  /** Releases every occurrence whose pickup is now within the horizon (and not past); returns the trips made. */
  async release(): Promise<TripView[]> {
    const now = this.deps.clock.nowS();
    const until = now + this.releaseHorizonS;
    const fromDate = addDays(localMoment(now, 'UTC').date, -1);
    const toDate = addDays(localMoment(until, 'UTC').date, 1);
    const released: TripView[] = [];
    for (const r of await this.deps.repos.recurringTrips.activeBetween(fromDate, toDate)) {
      const skipped = new Set(r.skips.map((s) => s.date));
      const done = new Set(r.occurrences.map((o) => `${o.date}/${o.leg}`));
      for (const o of occurrencesOf(r, fromDate, toDate)) {
        if (o.pickupAtS > until || o.pickupAtS < now - PAST_PICKUP_GRACE_S || skipped.has(o.date) || done.has(`${o.date}/${o.leg}`)) continue;
        const outbound = o.leg === 'outbound';
        const request: TripRequest = {
          riderId: r.riderId,
          riderName: r.riderName ?? undefined,
          origin: outbound ? r.origin : r.destination,
          destination: outbound ? r.destination : r.origin,
          passengers: r.passengers,
          wheelchairs: r.wheelchairs,
          pickupAt: Math.max(Math.ceil(o.pickupAtS), Math.ceil(now)),
          autoAccept: true,
        };
        // The key makes a release idempotent across retries and instances: the same occurrence is one trip.
        let trip: TripView;
        try {
          ({ trip } = await this.deps.trips.requestTrip(request, `recurring:${r.id}:${o.date}:${o.leg}`));
        } catch (e) {
          if (e instanceof ApiError && e.status < 500) continue; // refused at the edge (a bad point): the others still go
          throw e;
        }
        if (await this.deps.repos.recurringTrips.recordRelease(r.id, o.date, o.leg, trip.id, now)) released.push(trip);
      }
    }
    return released;
  }

  private async view(r: RecurringTripRecord): Promise<RecurringTripView> {
    const now = this.deps.clock.nowS();
    const today = localMoment(now, r.timezone).date;
    const skips = new Map(r.skips.map((s) => [s.date, s.reason]));
    const upcoming: RecurringOccurrenceView[] = occurrencesOf(r, today, addDays(today, UPCOMING_DAYS - 1))
      .filter((o) => o.pickupAtS >= now - PAST_PICKUP_GRACE_S)
      .map((o) => {
        const released = r.occurrences.find((x) => x.date === o.date && x.leg === o.leg);
        const reason = skips.get(o.date) ?? null;
        return {
          date: isoDate(o.date),
          leg: o.leg,
          pickupAt: Math.round(o.pickupAtS),
          status: reason === CANCELLED_BY_RIDER ? 'cancelled' : reason !== null ? 'skipped' : released ? 'released' : 'scheduled',
          tripId: released?.tripId ?? null,
          reason,
        };
      });
    return {
      id: r.id,
      riderId: r.riderId,
      origin: r.origin,
      destination: r.destination,
      passengers: r.passengers,
      wheelchairs: r.wheelchairs,
      days: r.days,
      pickupTime: formatClockTime(r.pickupS),
      returnTime: r.returnPickupS === null ? null : formatClockTime(r.returnPickupS),
      timezone: r.timezone,
      startDate: isoDate(r.startDate),
      endDate: r.endDate === null ? null : isoDate(r.endDate),
      upcoming,
    };
  }
}
