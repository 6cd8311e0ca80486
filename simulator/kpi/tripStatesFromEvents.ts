import type { TripState } from '../../protocol/trips';
import type { EventRecord } from '../../dispatcher/persistence/records';

/** The state each event type puts its trip in; events that carry `payload.state` (stop events, state changes) say it. */
const STATE_OF_TYPE: Readonly<Record<string, TripState>> = {
  trip_requested: 'requested',
  trip_offered: 'offered',
  trip_accepted: 'accepted',
  trip_rejected: 'rejected',
  trip_cancelled: 'cancelled',
  trip_picked_up: 'on_board',
  trip_no_show: 'no_show',
  trip_completed: 'completed',
};

/**
 * Every trip's state as the append-only event log tells it, independently of the trips table: the state set by the
 * last event of that trip that says one. A crash test compares it with the table, trip by trip.
 */
export function tripStatesFromEvents(events: readonly EventRecord[]): Map<string, TripState> {
  const states = new Map<string, TripState>();
  for (const e of events) {
    if (!e.tripId) continue;
    const said = typeof e.payload.state === 'string' ? (e.payload.state as TripState) : STATE_OF_TYPE[e.type];
    if (said) states.set(e.tripId, said);
  }
  return states;
}
