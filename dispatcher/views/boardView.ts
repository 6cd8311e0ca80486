import { AT_RISK_SLACK_S, BOARD_NEXT_STOPS, type BoardColumn, type BoardResponse, type BoardStop, type BoardTrip, type BoardVehicle } from '../../protocol/board';
import type { TripState } from '../../protocol/trips';
import type { DispatchPolicy } from '../fleet/DispatchPolicy';
import type { FleetState } from '../fleet/FleetState';
import type { TripRecord, VehicleRecord } from '../persistence/records';
import { tripView } from './tripView';

/** What the board is built from: the stored open trips and vehicles, the live fleet, and trips flagged at risk in the log. */
export interface BoardInput {
  trips: readonly TripRecord[];
  vehicles: readonly VehicleRecord[];
  fleet: FleetState;
  /** Trips the log recently flagged with promise_at_risk. */
  flaggedAtRisk: ReadonlySet<string>;
  nowS: number;
  policy?: DispatchPolicy;
}

const STATE_COLUMN: Partial<Record<TripState, BoardColumn>> = {
  requested: 'requested',
  offered: 'offered',
  accepted: 'assigned',
  assigned: 'assigned',
  arriving: 'assigned',
  on_board: 'on_board',
};

/** The column of an open trip: late when the plan runs past its promise, at risk when little slack is left or the log says so. */
export function boardColumn(state: TripState, lateByS: number | null, flagged: boolean): BoardColumn | null {
  const byState = STATE_COLUMN[state];
  if (!byState) return null;
  if (lateByS !== null && lateByS > 0) return 'late';
  if (flagged || (lateByS !== null && lateByS > -AT_RISK_SLACK_S)) return 'at_risk';
  return byState;
}

/**
 * The operator's live board: open trips in their columns (most urgent first within each), and every stored vehicle
 * with its load, next stops and worst lateness from the live plan. Pure: the route reads the inputs.
 */
export function boardView(input: BoardInput): BoardResponse {
  const { fleet } = input;
  const names = new Map<string, string | null>();
  for (const t of input.trips) names.set(t.id, t.riderName);
  const tripLate = new Map<string, number>();
  const vehicles: BoardVehicle[] = input.vehicles.map((record) => {
    const live = fleet.vehicles.get(record.id);
    let onBoard = 0;
    let worst: number | null = null;
    const stops: BoardStop[] = [];
    for (const s of live?.stops ?? []) {
      const lateByS = Math.round(s.plannedArrivalS - s.latestS);
      worst = worst === null ? lateByS : Math.max(worst, lateByS);
      tripLate.set(s.tripId, Math.max(lateByS, tripLate.get(s.tripId) ?? -Infinity));
      if (stops.length < BOARD_NEXT_STOPS) {
        const riderName = names.get(s.tripId) ?? fleet.trips.get(s.tripId)?.riderName ?? null;
        stops.push({ tripId: s.tripId, kind: s.kind, location: [s.location[0], s.location[1]], riderName, plannedAt: Math.round(s.plannedArrivalS), latestS: Math.round(s.latestS), lateByS });
      }
    }
    for (const t of fleet.trips.values()) if (t.vehicleId === record.id && t.onBoard) onBoard += t.passengers + t.wheelchairs;
    const where = live?.position ?? record.depot;
    return {
      id: record.id,
      name: record.name,
      badge: live?.badge ? { ...live.badge } : null,
      seats: record.seats,
      wheelchairPlaces: record.wheelchairPlaces,
      depot: [record.depot[0], record.depot[1]],
      onShift: !!live,
      outOfService: live?.outOfService === true,
      shiftEndsAt: live ? Math.round(live.shiftEndS) : null,
      location: [where[0], where[1]],
      onBoard,
      stopsPlanned: live?.stops.length ?? 0,
      nextStops: stops,
      lateByS: worst,
    };
  });
  const trips: BoardTrip[] = [];
  for (const record of input.trips) {
    const lateByS = tripLate.get(record.id) ?? null;
    const column = boardColumn(record.state, lateByS, input.flaggedAtRisk.has(record.id));
    if (!column) continue;
    trips.push({ ...tripView(record, fleet, input.policy), riderName: record.riderName, column, lateByS, pinnedBy: record.pinnedBy, acceptedBy: record.acceptedBy });
  }
  trips.sort((a, b) => (b.lateByS ?? -Infinity) - (a.lateByS ?? -Infinity) || a.requestedPickupAt - b.requestedPickupAt || (a.id < b.id ? -1 : 1));
  return { atS: input.nowS, trips, vehicles };
}
