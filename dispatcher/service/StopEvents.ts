import { distanceM } from '../../routing/geo';
import type { StopEvent, StopReport, TripView } from '../../protocol/trips';
import { ApiError } from '../errors/ApiError';
import { noShowAllowedAt } from '../fleet/noShowAllowedAt';
import { isPersistenceError } from '../persistence/PersistenceError';
import { tripView } from '../views/tripView';
import { applyStopEvent } from './applyStopEvent';
import type { DispatchContext } from './DispatchContext';
import { refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import type { FleetTrip } from '../fleet/FleetModel';
import type { NewEvent } from '../persistence/records';
import { RiskEventType } from '../persistence/RiskRepository';
import type { LiveOperations } from './LiveOperations';

/** A driver's reports at a stop (arrived, picked up, no-show, dropped off), with the no-show rule. */
export class StopEvents {
  constructor(
    private readonly ctx: DispatchContext,
    private readonly live: LiveOperations,
  ) {}

  /**
   * One report. Its time is when the button was pressed (a report queued offline keeps it, within
   * maxQueuedReportAgeS), else now. A report that says where the bus was, an Arrived or Dropped off farther
   * than offSiteStopM from the stop, needs `confirmOffSite` and is logged with its distance (offSiteM).
   */
  async stopEvent(vehicleId: string, tripId: string, event: StopEvent, report: StopReport = {}): Promise<TripView> {
    const { fleet, clock, gate, router, policy } = this.ctx;
    return gate.locked(async () => {
      const vehicle = fleet.vehicles.get(vehicleId);
      const kind = event === 'arrived_pickup' || event === 'picked_up' || event === 'no_show' ? 'pickup' : 'dropoff';
      const stop = vehicle?.stops.find((s) => s.tripId === tripId && s.kind === kind);
      if (!vehicle || !stop) throw new ApiError('StopNotOnVehicle', `Vehicle ${vehicleId} has no open ${kind} for trip ${tripId}`);
      // A rider is dropped off only once on board: a drop-off reached first (a console that skipped the pickup) is refused.
      if (kind === 'dropoff' && fleet.trips.get(tripId)?.onBoard !== true) {
        throw new ApiError('StopEventOutOfOrder', `Trip ${tripId} is not on board vehicle ${vehicleId}: pick the rider up first`);
      }
      const now = clock.nowS();
      const at = report.atS === undefined ? now : Math.min(now, Math.max(now - policy.maxQueuedReportAgeS, report.atS));
      // Only a report that says where the bus was is checked: the cached position may be minutes old.
      const checksSite = report.location !== undefined && (event === 'arrived_pickup' || event === 'arrived_dropoff' || event === 'dropped_off');
      const awayM = report.location === undefined ? 0 : Math.round(distanceM(report.location, stop.location));
      const offSite = checksSite && awayM > policy.offSiteStopM;
      if (offSite && !report.confirmOffSite) {
        throw new ApiError('StopOffSite', `The bus is ${awayM} m from the stop (more than ${policy.offSiteStopM} m): confirm to report it off-site`);
      }
      const note = offSite ? { offSiteM: awayM } : {};
      if (event === 'no_show') {
        const allowedAt = noShowAllowedAt(vehicle, stop, fleet.trips, policy, now);
        if (now < allowedAt) {
          throw new ApiError('NoShowTooEarly', `Wait at the pickup until ${Math.ceil(allowedAt - now)} more seconds have passed before reporting a no-show`);
        }
      }
      const events = this.ctx.repos.stopEvents;
      return gate.unsure([vehicleId], async () => {
        let result;
        try {
          if (event === 'arrived_pickup' || event === 'arrived_dropoff') result = await events.arrived(tripId, kind, at, note);
          else if (event === 'picked_up') result = await events.pickedUp(tripId, at);
          else if (event === 'no_show') result = await events.noShow(tripId, now);
          else result = await events.droppedOff(tripId, at, note);
        } catch (e) {
          if (isPersistenceError(e) && e.code === 'InvalidTripTransition') throw new ApiError('StopEventOutOfOrder', e.message, { cause: e });
          throw e;
        }
        const trip = fleet.trips.get(tripId);
        const reached = stop.arrivedAtS === undefined && event !== 'no_show';
        applyStopEvent(vehicle, trip, stop, event, at);
        if (event === 'no_show' || event === 'dropped_off') fleet.trips.delete(tripId);
        vehicle.scheduleVersion = result.scheduleVersion;
        await refreshLegsIfRoutable(router, vehicle);
        fleet.putVehicle(vehicle);
        await this.afterStop(vehicle.id, trip, stop, event, at, reached);
        return tripView(result.trip, fleet, this.ctx.policy);
      });
    });
  }

  /**
   * What a stop report teaches and tells (issue 13): the drive here teaches the hour's speed factor (a first report
   * at the stop ends its leg), a promise the vehicle reached the stop too late for is logged with its cause
   * (promise_broken, never silent; against the promise in force, so a moved promise kept is no break), the
   * vehicle's next leg starts being timed and its ETAs are estimated again.
   */
  private async afterStop(vehicleId: string, trip: FleetTrip | undefined, stop: { tripId: string; kind: 'pickup' | 'dropoff' }, event: StopEvent, at: number, reached: boolean): Promise<void> {
    const { fleet, clock, repos } = this.ctx;
    const { learning, etas, risk } = this.live;
    if (reached) await learning.arrived(vehicleId, stop, at);
    // Promises bind the start of service: the vehicle at the curb (its first report there) by the promise in force.
    const broken: NewEvent[] = [];
    const promised = !trip || !reached ? null : stop.kind === 'pickup' ? trip.pickupLatestS : trip.arriveByS;
    if (trip && promised !== null && at > promised) broken.push(brokenEvent(trip, vehicleId, stop.kind === 'pickup' ? 'late pickup' : 'late arrival', at - promised, risk.causeOf(trip.id)));
    if (event === 'no_show' || event === 'dropped_off') risk.forget(stop.tripId);
    try {
      await repos.risk.append(at, broken);
    } catch (e) {
      process.stderr.write(`broken promise of trip ${stop.tripId} not logged: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    const vehicle = fleet.vehicles.get(vehicleId);
    if (!vehicle) return;
    const now = clock.nowS();
    learning.heading(vehicle, now);
    etas.update(vehicle, now);
  }
}

function brokenEvent(trip: FleetTrip, vehicleId: string, what: 'late pickup' | 'late arrival', byS: number, cause: string): NewEvent {
  return { type: RiskEventType.PromiseBroken, tripId: trip.id, vehicleId, payload: { tripId: trip.id, what, byS: Math.ceil(byS), cause } };
}
