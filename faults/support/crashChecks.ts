import type { Pool } from 'pg';

/** A vehicle's open stops in service order, as `kind:tripId` (what its driver's manifest must show). */
export async function openStopsByVehicle(pool: Pool): Promise<Map<string, string[]>> {
  const { rows } = await pool.query<{ vehicle_id: string; stop: string }>(
    `SELECT vehicle_id, kind || ':' || trip_id AS stop FROM stops WHERE state IN ('planned', 'arrived') ORDER BY vehicle_id, seq`,
  );
  const byVehicle = new Map<string, string[]>();
  for (const r of rows) byVehicle.set(r.vehicle_id, [...(byVehicle.get(r.vehicle_id) ?? []), r.stop]);
  return byVehicle;
}

export interface TripRow {
  id: string;
  riderId: string;
  state: string;
  cancelReason: string | null;
  vehicleId: string | null;
  pickupWindowEndS: number | null;
  latestArrivalS: number | null;
  pickedUp: boolean;
}

/** The trips table, with what the crash test checks. */
export async function tripRows(pool: Pool): Promise<TripRow[]> {
  const { rows } = await pool.query<{
    id: string;
    rider_id: string;
    state: string;
    cancel_reason: string | null;
    vehicle_id: string | null;
    pickup_end: number | null;
    latest_arrival: number | null;
    picked_up: boolean;
  }>(
    `SELECT id, rider_id, state, cancel_reason, vehicle_id, extract(epoch FROM pickup_window_end)::float8 AS pickup_end,
            extract(epoch FROM latest_arrival_at)::float8 AS latest_arrival, actual_pickup_at IS NOT NULL AS picked_up FROM trips`,
  );
  return rows.map((r) => ({
    id: r.id,
    riderId: r.rider_id,
    state: r.state,
    cancelReason: r.cancel_reason,
    vehicleId: r.vehicle_id,
    pickupWindowEndS: r.pickup_end,
    latestArrivalS: r.latest_arrival,
    pickedUp: r.picked_up,
  }));
}

/** Where an accepted trip stands at the end: ended properly, or still scheduled with its promise not yet broken. */
export function acceptedTripVerdict(t: TripRow, nowS: number): 'ok' | string {
  if (t.state === 'completed' || t.state === 'no_show') return 'ok';
  if (t.state === 'cancelled') return t.cancelReason ? 'ok' : 'cancelled without a reason';
  if (['accepted', 'assigned', 'arriving', 'on_board'].includes(t.state)) {
    if (!t.pickedUp && t.pickupWindowEndS !== null && t.pickupWindowEndS < nowS) return `still waiting for its pickup after the window closed (${t.state})`;
    if (t.latestArrivalS !== null && t.latestArrivalS < nowS) return `not arrived by its latest arrival (${t.state})`;
    return 'ok';
  }
  return `accepted, then ${t.state}`;
}
