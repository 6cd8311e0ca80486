import type { LngLat } from '../../routing/Router';
import type { VehicleView } from '../api/DispatchService';
import type { FleetState } from '../fleet/FleetState';

/** A stored vehicle as the API shows it, with its shift from the live fleet. */
export function vehicleView(id: string, v: { name: string; seats: number; wheelchairPlaces: number; depot: LngLat; plate: string | null; colour: string | null }, fleet: FleetState): VehicleView {
  const live = fleet.vehicles.get(id);
  return { id, name: v.name, seats: v.seats, wheelchairPlaces: v.wheelchairPlaces, depot: [v.depot[0], v.depot[1]], plate: v.plate, colour: v.colour, onShift: !!live, shiftEndsAt: live?.shiftEndS ?? null };
}
