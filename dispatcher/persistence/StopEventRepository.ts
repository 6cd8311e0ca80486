import type { Pool, PoolClient } from 'pg';
import { appendEvents, EventType, type StagedEvents } from './appendEvents';
import { PersistenceError, PersistenceErrorCode } from './PersistenceError';
import type { EventRecord, StopKind, StopRecord, TripRecord, TripState } from './records';
import { bumpScheduleVersion } from './scheduleWrites';
import { timeParam } from './sqlFragments';
import { STOP_COLUMNS, type StopRow, toStopRecord } from './stopRows';
import { transitionTrip } from './tripTransitions';
import { TRIP_COLUMNS, type TripRow, toTripRecord } from './tripRows';
import { withTransaction } from './withTransaction';

export interface StopEventResult {
  trip: TripRecord;
  stop: StopRecord;
  /** Every stop event moves the vehicle's schedule_version on: a plan made before it no longer applies. */
  scheduleVersion: number;
  events: EventRecord[];
}

/** A report the driver confirmed far from the stop: how far the bus was (metres), kept in the event's payload. */
export interface OffSiteNote {
  offSiteM?: number;
}

const offSitePayload = (note: OffSiteNote): { [key: string]: string } => (note.offSiteM === undefined ? {} : { offSite: 'true', offSiteM: String(note.offSiteM) });

/** updateStop's parameter $5 is the time of the event. */
const AT = timeParam(5);
/** A served or skipped stop: arrival time kept if the driver reported it, else now; departure now. */
const SERVED = `actual_arrival_at = coalesce(actual_arrival_at, ${AT}), actual_departure_at = ${AT}`;

/** What the driver reports at a stop. Each call is one transaction: stop, trip, schedule version and event together. */
export class StopEventRepository {
  constructor(private readonly pool: Pool) {}

  /** The vehicle stands at the stop. At a pickup the trip becomes arriving (the rider is told to come out). */
  async arrived(tripId: string, kind: StopKind, atS: number, note: OffSiteNote = {}): Promise<StopEventResult> {
    return inTransaction(this.pool, async (client) => {
      const arrivedAt = await updateStop(client, tripId, kind, 'arrived', ['planned'], `actual_arrival_at = ${AT}`, atS);
      // Out of order (the driver went to another stop first): the stop it stands at now leads the stored schedule.
      const { rows: led } = await client.query<StopRow>(
        `UPDATE stops SET seq = (SELECT min(seq) - 1 FROM stops WHERE vehicle_id = $1 AND state IN ('planned', 'arrived') AND id <> $2)
         WHERE id = $2 AND seq > (SELECT min(seq) FROM stops WHERE vehicle_id = $1 AND state IN ('planned', 'arrived') AND id <> $2)
         RETURNING ${STOP_COLUMNS}`,
        [arrivedAt.vehicleId, arrivedAt.id],
      );
      const stop = led[0] ? toStopRecord(led[0]) : arrivedAt;
      let trip: TripRecord;
      if (kind === 'pickup') {
        const current = await readTrip(client, tripId);
        trip = current.state === 'arriving' ? current : await transitionTrip(client, tripId, 'arriving', { atS });
      } else {
        trip = await readTrip(client, tripId);
      }
      return finish(client, { trip, stop, atS, type: EventType.StopArrived, payload: { kind, ...offSitePayload(note) } });
    });
  }

  /** The rider boarded: pickup done, trip on_board with its actual pickup time. */
  async pickedUp(tripId: string, atS: number): Promise<StopEventResult> {
    return inTransaction(this.pool, async (client) => {
      const stop = await updateStop(client, tripId, 'pickup', 'done', ['planned', 'arrived'], SERVED, atS);
      const trip = await transitionTrip(client, tripId, 'on_board', { atS, extraSet: `actual_pickup_at = ${timeParam(3)}` });
      return finish(client, { trip, stop, atS, type: EventType.TripPickedUp });
    });
  }

  /** The rider did not come: pickup and dropoff skipped, trip no_show. */
  async noShow(tripId: string, atS: number): Promise<StopEventResult> {
    return inTransaction(this.pool, async (client) => {
      const stop = await updateStop(client, tripId, 'pickup', 'skipped', ['planned', 'arrived'], SERVED, atS);
      await client.query(`UPDATE stops SET state = 'skipped' WHERE trip_id = $1 AND kind = 'dropoff' AND state = 'planned'`, [tripId]);
      const trip = await transitionTrip(client, tripId, 'no_show', { atS });
      return finish(client, { trip, stop, atS, type: EventType.TripNoShow });
    });
  }

  /** The rider got off: dropoff done, trip completed with its actual dropoff time. */
  async droppedOff(tripId: string, atS: number, note: OffSiteNote = {}): Promise<StopEventResult> {
    return inTransaction(this.pool, async (client) => {
      const stop = await updateStop(client, tripId, 'dropoff', 'done', ['planned', 'arrived'], SERVED, atS);
      const trip = await transitionTrip(client, tripId, 'completed', { atS, extraSet: `actual_dropoff_at = ${timeParam(3)}` });
      return finish(client, { trip, stop, atS, type: EventType.TripCompleted, payload: offSitePayload(note) });
    });
  }
}

async function updateStop(
  client: PoolClient,
  tripId: string,
  kind: StopKind,
  to: StopRecord['state'],
  from: readonly StopRecord['state'][],
  set: string,
  atS: number,
): Promise<StopRecord> {
  const { rows } = await client.query<StopRow>(
    `UPDATE stops SET state = $3, ${set}
     WHERE trip_id = $1 AND kind = $2 AND state = ANY($4::text[])
     RETURNING ${STOP_COLUMNS}`,
    [tripId, kind, to, from, atS],
  );
  if (rows[0]) return toStopRecord(rows[0]);
  const current = await client.query<{ state: string }>('SELECT state FROM stops WHERE trip_id = $1 AND kind = $2', [tripId, kind]);
  const state = current.rows[0]?.state;
  throw new PersistenceError(
    state === undefined ? PersistenceErrorCode.TripNotFound : PersistenceErrorCode.InvalidTripTransition,
    state === undefined
      ? `No ${kind} stop for trip ${tripId}: is it accepted?`
      : `The ${kind} of trip ${tripId} is ${state}; only a ${from.join(' or ')} stop can become ${to}`,
  );
}

async function readTrip(client: PoolClient, tripId: string): Promise<TripRecord> {
  const { rows } = await client.query<TripRow>(`SELECT ${TRIP_COLUMNS} FROM trips WHERE id = $1`, [tripId]);
  return toTripRecord(rows[0]!);
}

/** A stop event as its transaction leaves it: the events' records are made at COMMIT. */
type FinishedStopEvent = Omit<StopEventResult, 'events'> & { events: StagedEvents };

/** One stop event's transaction, its result with the events as committed. */
async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<FinishedStopEvent>): Promise<StopEventResult> {
  const done = await withTransaction(pool, work);
  return { ...done, events: done.events.records };
}

async function finish(
  client: PoolClient,
  done: { trip: TripRecord; stop: StopRecord; atS: number; type: string; payload?: { [key: string]: string } },
): Promise<FinishedStopEvent> {
  const scheduleVersion = await bumpScheduleVersion(client, done.stop.vehicleId, null);
  const events = await appendEvents(client, done.atS, [
    {
      type: done.type,
      tripId: done.trip.id,
      vehicleId: done.stop.vehicleId,
      payload: { ...done.payload, state: done.trip.state satisfies TripState, scheduleVersion },
    },
  ]);
  return { trip: done.trip, stop: done.stop, scheduleVersion, events };
}
