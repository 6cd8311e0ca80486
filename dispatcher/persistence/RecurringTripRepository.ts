import type { Pool } from 'pg';
import { WEEKDAYS, type Weekday } from '../standards/ServiceDescription';
import { epochColumn, lngLatColumn, pointParam, timeParam } from './sqlFragments';

export type RecurringLeg = 'outbound' | 'return';

export interface NewRecurringTrip {
  id: string;
  riderId: string;
  riderName: string | null;
  origin: [number, number];
  destination: [number, number];
  passengers: number;
  wheelchairs: number;
  days: Weekday[];
  /** Local seconds after midnight in `timezone`. */
  pickupS: number;
  /** The return from the destination to the origin, the same days; null: one way. */
  returnPickupS: number | null;
  timezone: string;
  /** YYYYMMDD; endDate null: until cancelled. */
  startDate: string;
  endDate: string | null;
}

export interface RecurringTripRecord extends NewRecurringTrip {
  createdAtS: number;
  /** Days it does not run (YYYYMMDD) and why. */
  skips: { date: string; reason: string }[];
  /** Occurrences already released into the live plan. */
  occurrences: { date: string; leg: RecurringLeg; tripId: string; releasedAtS: number }[];
}

interface Row {
  id: string; rider_id: string; rider_name: string | null; origin: [number, number]; destination: [number, number]; passengers: number; wheelchairs: number;
  days: boolean[]; pickup_s: number; return_pickup_s: number | null; timezone: string; start_date: string; end_date: string | null; created_at_s: number;
  skips: { date: string; reason: string }[]; occurrences: { date: string; leg: RecurringLeg; tripId: string; releasedAtS: number }[];
}

const COLUMNS = `r.id, r.rider_id, r.rider_name, ${lngLatColumn('r.origin')} AS origin, ${lngLatColumn('r.destination')} AS destination, r.passengers, r.wheelchairs,
  r.days, r.pickup_s, r.return_pickup_s, r.timezone, to_char(r.start_date, 'YYYYMMDD') AS start_date, to_char(r.end_date, 'YYYYMMDD') AS end_date,
  ${epochColumn('r.created_at')} AS created_at_s,
  coalesce((SELECT json_agg(json_build_object('date', to_char(s.date, 'YYYYMMDD'), 'reason', s.reason) ORDER BY s.date) FROM recurring_trip_skips s WHERE s.recurring_trip_id = r.id), '[]') AS skips,
  coalesce((SELECT json_agg(json_build_object('date', to_char(o.date, 'YYYYMMDD'), 'leg', o.leg, 'tripId', o.trip_id, 'releasedAtS', ${epochColumn('o.released_at')}) ORDER BY o.date, o.leg)
            FROM recurring_trip_occurrences o WHERE o.recurring_trip_id = r.id), '[]') AS occurrences`;

function toRecord(r: Row): RecurringTripRecord {
  return {
    id: r.id, riderId: r.rider_id, riderName: r.rider_name, origin: r.origin, destination: r.destination, passengers: r.passengers, wheelchairs: r.wheelchairs,
    days: WEEKDAYS.filter((_, i) => r.days[i]), pickupS: r.pickup_s, returnPickupS: r.return_pickup_s, timezone: r.timezone, startDate: r.start_date, endDate: r.end_date,
    createdAtS: r.created_at_s, skips: r.skips, occurrences: r.occurrences,
  };
}

/** Subscriptions (recurring trips), their skipped days and the occurrences released from them. */
export class RecurringTripRepository {
  constructor(private readonly pool: Pool) {}

  async create(trip: NewRecurringTrip, atS: number): Promise<RecurringTripRecord> {
    await this.pool.query(
      `INSERT INTO recurring_trips (id, rider_id, rider_name, origin, destination, passengers, wheelchairs, days, pickup_s, return_pickup_s, timezone, start_date, end_date, created_at)
       VALUES ($1, $2, $3, ${pointParam(4)}, ${pointParam(5)}, $6, $7, $8, $9, $10, $11, to_date($12, 'YYYYMMDD'), to_date($13, 'YYYYMMDD'), ${timeParam(14)})`,
      [trip.id, trip.riderId, trip.riderName, trip.origin, trip.destination, trip.passengers, trip.wheelchairs, WEEKDAYS.map((d) => trip.days.includes(d)), trip.pickupS, trip.returnPickupS, trip.timezone, trip.startDate, trip.endDate, atS],
    );
    return (await this.get(trip.id))!;
  }

  async get(id: string): Promise<RecurringTripRecord | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM recurring_trips r WHERE r.id = $1 AND r.cancelled_at IS NULL`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Subscriptions not cancelled, of one rider or (riderId null) of everyone, oldest first. */
  async list(riderId: string | null): Promise<RecurringTripRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM recurring_trips r WHERE r.cancelled_at IS NULL AND ($1::text IS NULL OR r.rider_id = $1) ORDER BY r.created_at, r.id`,
      [riderId],
    );
    return rows.map(toRecord);
  }

  /** Subscriptions that may have an occurrence on a day of [fromDate, toDate] (YYYYMMDD). */
  async activeBetween(fromDate: string, toDate: string): Promise<RecurringTripRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM recurring_trips r WHERE r.cancelled_at IS NULL AND r.start_date <= to_date($2, 'YYYYMMDD')
         AND (r.end_date IS NULL OR r.end_date >= to_date($1, 'YYYYMMDD')) ORDER BY r.created_at, r.id`,
      [fromDate, toDate],
    );
    return rows.map(toRecord);
  }

  /** The day does not run (again: the first reason stays). */
  async skip(id: string, date: string, reason: string): Promise<void> {
    await this.pool.query(`INSERT INTO recurring_trip_skips (recurring_trip_id, date, reason) VALUES ($1, to_date($2, 'YYYYMMDD'), $3) ON CONFLICT DO NOTHING`, [id, date, reason]);
  }

  /** Records a released occurrence; false when it had been released already (another instance, a retry). */
  async recordRelease(id: string, date: string, leg: RecurringLeg, tripId: string, atS: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO recurring_trip_occurrences (recurring_trip_id, date, leg, trip_id, released_at) VALUES ($1, to_date($2, 'YYYYMMDD'), $3, $4, ${timeParam(5)}) ON CONFLICT DO NOTHING`,
      [id, date, leg, tripId, atS],
    );
    return rowCount === 1;
  }
}
