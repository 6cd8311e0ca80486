import type { StopEvent, TripView } from '../../protocol/trips';
import { ApiError } from '../errors/ApiError';
import type { FleetVehicle, PlannedStop } from '../fleet/FleetModel';
import { noShowAllowedAt } from '../fleet/noShowAllowedAt';
import { isPersistenceError } from '../persistence/PersistenceError';
import { tripView } from '../views/tripView';
import { applyStopEvent } from './applyStopEvent';
import type { DispatchContext } from './DispatchContext';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';

/** A driver's reports at a stop (arrived, picked up, no-show, dropped off), with the no-show rule. */
export class StopEvents {
  constructor(private readonly ctx: DispatchContext) {}

  async stopEvent(vehicleId: string, tripId: string, event: StopEvent): Promise<TripView> {
    const { fleet, clock, gate, router } = this.ctx;
    return gate.locked(async () => {
      const vehicle = fleet.vehicles.get(vehicleId);
      const kind = event === 'arrived_pickup' || event === 'picked_up' || event === 'no_show' ? 'pickup' : 'dropoff';
      const stop = vehicle?.stops.find((s) => s.tripId === tripId && s.kind === kind);
      if (!vehicle || !stop) throw new ApiError('StopNotOnVehicle', `Vehicle ${vehicleId} has no open ${kind} for trip ${tripId}`);
      const now = clock.nowS();
      if (event === 'no_show') {
        const allowedAt = this.noShowAllowedAt(vehicle, stop, now);
        if (now < allowedAt) {
          throw new ApiError('NoShowTooEarly', `Wait at the pickup until ${Math.ceil(allowedAt - now)} more seconds have passed before reporting a no-show`);
        }
      }
      const events = this.ctx.repos.stopEvents;
      return gate.unsure([vehicleId], async () => {
        let result;
        try {
          if (event === 'arrived_pickup' || event === 'arrived_dropoff') result = await events.arrived(tripId, kind, now);
          else if (event === 'picked_up') result = await events.pickedUp(tripId, now);
          else if (event === 'no_show') result = await events.noShow(tripId, now);
          else result = await events.droppedOff(tripId, now);
        } catch (e) {
          if (isPersistenceError(e) && e.code === 'InvalidTripTransition') throw new ApiError('StopEventOutOfOrder', e.message, { cause: e });
          throw e;
        }
        applyStopEvent(vehicle, fleet.trips.get(tripId), stop, event, now);
        if (event === 'no_show' || event === 'dropped_off') fleet.trips.delete(tripId);
        vehicle.scheduleVersion = result.scheduleVersion;
        await refreshLegsIfRoutable(router, vehicle);
        fleet.putVehicle(vehicle);
        return tripView(result.trip, fleet, this.ctx.policy);
      });
    });
  }

  /** When a driver may report a no-show (see noShowAllowedAt: the rider's page shows the same deadline). */
  private noShowAllowedAt(vehicle: FleetVehicle, stop: PlannedStop, now: number): number {
    return noShowAllowedAt(vehicle, stop, this.ctx.fleet.trips, this.ctx.policy, now);
  }
}
