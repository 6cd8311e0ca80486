import type { LngLat } from '../../routing/Router';
import type { NearbyVehicle, PositionReport } from '../../protocol/trips';
import type { ShiftStartInput, VehicleInput, VehicleView } from '../api/DispatchService';
import { ApiError } from '../errors/ApiError';
import { vehicleView } from '../views/vehicleView';
import type { DispatchContext } from './DispatchContext';
import { refreshLegsIfRoutable } from './scheduleLegs';

/** Vehicles, their shifts and their GPS positions: who is on the road, where, until when. */
export class ShiftsAndPositions {
  constructor(private readonly ctx: DispatchContext) {}

  async upsertVehicle(input: VehicleInput): Promise<VehicleView> {
    const { repos, fleet, clock } = this.ctx;
    const v = await repos.vehicles.upsert({ ...input, name: input.name ?? input.id }, clock.nowS());
    const live = fleet.vehicles.get(v.id);
    if (live) fleet.putVehicle({ ...live, seats: v.seats, wheelchairs: v.wheelchairPlaces, depot: v.depot });
    return vehicleView(v.id, v, fleet);
  }

  async startShift(vehicleId: string, input: ShiftStartInput): Promise<VehicleView> {
    const { repos, fleet, clock, gate } = this.ctx;
    return gate.locked(async () => {
      const v = await repos.vehicles.get(vehicleId);
      if (!v) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}; create it with PUT /vehicles/${vehicleId}`);
      const now = clock.nowS();
      if (input.endsAt <= now) throw new ApiError('ValidationFailed', 'body.endsAt: the shift must end in the future');
      const position: LngLat = input.position ?? v.depot;
      await gate.unsure([vehicleId], async () => {
        await repos.vehicles.startShift({ vehicleId, atS: now, endsAtS: input.endsAt });
        await repos.positions.record({ vehicleId, atS: now, location: position, headingDeg: null, speedMps: null });
        await this.ctx.reloadVehicles([vehicleId]);
      });
      return vehicleView(vehicleId, v, fleet);
    });
  }

  async endShift(vehicleId: string): Promise<VehicleView> {
    const { repos, fleet, clock, gate } = this.ctx;
    return gate.locked(async () => {
      const v = await repos.vehicles.get(vehicleId);
      if (!v) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}`);
      const live = fleet.vehicles.get(vehicleId);
      if (live && live.stops.length > 0) {
        throw new ApiError('VehicleHasOpenStops', `Vehicle ${vehicleId} still has ${live.stops.length} stops to serve; finish or reassign them first`);
      }
      await gate.unsure([vehicleId], () => repos.vehicles.endShift(vehicleId, clock.nowS()));
      fleet.removeVehicle(vehicleId);
      return vehicleView(vehicleId, v, fleet);
    });
  }

  nearbyVehicles(point: LngLat, radiusM: number, max: number): NearbyVehicle[] {
    return this.ctx.fleet.candidates(point, radiusM, max).map((v) => ({ location: [v.position[0], v.position[1]], busy: v.stops.length > 0 }));
  }

  async reportPosition(vehicleId: string, report: PositionReport): Promise<void> {
    const { fleet, clock, positions, changes, router } = this.ctx;
    if (!fleet.vehicles.has(vehicleId)) throw new ApiError('UnknownVehicle', `Vehicle ${vehicleId} is not on shift`);
    const now = clock.nowS();
    positions.add({ vehicleId, atS: now, location: report.location, headingDeg: report.headingDeg ?? null, speedMps: report.speedMps ?? null });
    fleet.moveVehicle(vehicleId, report.location, now);
    changes.emit('position', { vehicleId, location: report.location, headingDeg: report.headingDeg ?? null, atS: now });
    await refreshLegsIfRoutable(router, fleet.vehicles.get(vehicleId)!, true);
  }
}
