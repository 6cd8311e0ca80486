import { distanceM } from '../../routing/geo';
import type { LngLat } from '../../routing/Router';
import type { NearbyVehicle, PositionReport } from '../../protocol/trips';
import type { ShiftStartInput, VehicleInput, VehicleView } from '../api/DispatchService';
import { ApiError } from '../errors/ApiError';
import { implausibleFix } from '../fleet/gpsPlausibility';
import { vehicleView } from '../views/vehicleView';
import type { DispatchContext } from './DispatchContext';
import { distanceToRoadM, snapsToRoad } from './roadNetworkChecks';
import { firstLegHolds, followFirstLeg, refreshLegsIfRoutable } from '../fleet/scheduleLegs';
import type { LiveOperations } from './LiveOperations';

/** A fix whose road distance is known to be at most this is not snapped again (well inside every router's snap limit). */
export const ROAD_RECHECK_WITHIN_M = 300;

/**
 * Vehicles, their shifts and their GPS positions: who is on the road, where, until when. Values that are valid but
 * wrong are refused with a coded error: a depot off the road network, a shift longer than the policy allows, a fix no
 * vehicle could have driven to. A fix off the network is kept as reported and the vehicle takes no new riders until
 * it reports a usable one.
 */
export class ShiftsAndPositions {
  constructor(
    private readonly ctx: DispatchContext,
    private readonly live: LiveOperations,
  ) {}

  async upsertVehicle(input: VehicleInput, by?: string): Promise<VehicleView> {
    const { repos, fleet, clock, router } = this.ctx;
    if ((await snapsToRoad(router, input.depot)) === false) {
      throw new ApiError('DepotOffNetwork', `The depot [${input.depot[0]}, ${input.depot[1]}] is too far from any road; choose a depot on a street`);
    }
    const v = await repos.vehicles.upsert({ ...input, name: input.name ?? input.id }, clock.nowS(), by);
    const live = fleet.vehicles.get(v.id);
    if (live) fleet.putVehicle({ ...live, seats: v.seats, wheelchairs: v.wheelchairPlaces, depot: v.depot, badge: { name: v.name, plate: v.plate, colour: v.colour } });
    return vehicleView(v.id, v, fleet);
  }

  async startShift(vehicleId: string, input: ShiftStartInput, by?: string): Promise<VehicleView> {
    const { repos, fleet, clock, gate } = this.ctx;
    return gate.locked(async () => {
      const v = await repos.vehicles.get(vehicleId);
      if (!v) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}; create it with PUT /vehicles/${vehicleId}`);
      const now = clock.nowS();
      if (input.endsAt <= now) throw new ApiError('ValidationFailed', 'body.endsAt: the shift must end in the future');
      const maxShiftS = this.ctx.policy.maxShiftS;
      if (input.endsAt - now > maxShiftS) {
        throw new ApiError('ShiftTooLong', `body.endsAt: a shift may last at most ${maxShiftS / 3600} h; choose an end before ${Math.floor(now + maxShiftS)}`);
      }
      const position: LngLat = input.position ?? v.depot;
      await gate.unsure([vehicleId], async () => {
        await repos.vehicles.startShift({ vehicleId, atS: now, endsAtS: input.endsAt, ...(by !== undefined ? { by } : {}) });
        await repos.positions.record({ vehicleId, atS: now, location: position, headingDeg: null, speedMps: null });
        await this.ctx.reloadVehicles([vehicleId]);
      });
      return vehicleView(vehicleId, v, fleet);
    });
  }

  async endShift(vehicleId: string, by?: string): Promise<VehicleView> {
    const { repos, fleet, clock, gate } = this.ctx;
    return gate.locked(async () => {
      const v = await repos.vehicles.get(vehicleId);
      if (!v) throw new ApiError('UnknownVehicle', `No vehicle ${vehicleId}`);
      const live = fleet.vehicles.get(vehicleId);
      if (live && live.stops.length > 0) {
        throw new ApiError('VehicleHasOpenStops', `Vehicle ${vehicleId} still has ${live.stops.length} stops to serve; finish or reassign them first`);
      }
      await gate.unsure([vehicleId], () => repos.vehicles.endShift(vehicleId, clock.nowS(), by));
      fleet.removeVehicle(vehicleId);
      this.live.learning.forget(vehicleId);
      this.live.etas.forget(vehicleId);
      return vehicleView(vehicleId, v, fleet);
    });
  }

  nearbyVehicles(point: LngLat, radiusM: number, max: number): NearbyVehicle[] {
    return this.ctx.fleet.candidates(point, radiusM, max).map((v) => ({ location: [v.position[0], v.position[1]], busy: v.stops.length > 0 }));
  }

  async reportPosition(vehicleId: string, report: PositionReport): Promise<void> {
    const { fleet, clock, positions, changes, router } = this.ctx;
    const vehicle = fleet.vehicles.get(vehicleId);
    if (!vehicle) throw new ApiError('UnknownVehicle', `Vehicle ${vehicleId} is not on shift`);
    const now = clock.nowS();
    // A fix off the network is no anchor: the next usable one is compared with nothing.
    const last = vehicle.offNetwork ? undefined : vehicle.lastFix;
    const why = implausibleFix(last, report, now);
    if (why) throw new ApiError('ImplausiblePosition', `Position not taken: ${why}. Send the vehicle's real position.`);
    // Off the network (no road near it) the fix is kept as reported, and the vehicle skipped for new riders until a
    // usable fix; a router that cannot tell right now keeps what was known. A fix that moved a little from one known
    // to be near a road is not snapped again (one router call per fix saved) until the moves add up.
    const bound = last?.roadWithinM === undefined ? Infinity : last.roadWithinM + distanceM(last.location, report.location);
    const road = bound <= ROAD_RECHECK_WITHIN_M ? bound : await distanceToRoadM(router, report.location);
    const offNetwork = road === null ? vehicle.offNetwork === true : road === 'off';
    positions.add({ vehicleId, atS: now, location: report.location, headingDeg: report.headingDeg ?? null, speedMps: report.speedMps ?? null });
    fleet.moveVehicle(vehicleId, report.location, now, offNetwork, typeof road === 'number' ? road : undefined);
    changes.emit('position', { vehicleId, location: report.location, headingDeg: report.headingDeg ?? null, atS: now });
    const next = vehicle.stops[0];
    const legBeforeS = next?.legS;
    // Most fixes keep their first leg and put no promise at risk: those go through without a promise (10,000 a second).
    if (!offNetwork && !firstLegHolds(vehicle, now)) await refreshLegsIfRoutable(router, vehicle, true);
    // Live ETAs from this fix, the leg to the next stop timed, and the promises the estimates put at risk looked after.
    const etas = this.live.etas.update(vehicle, now);
    this.live.learning.heading(vehicle, now);
    const grewS = next && vehicle.stops[0] === next && legBeforeS !== undefined ? next.legS - legBeforeS : 0;
    try {
      const reacting = this.live.risk.check(vehicleId, grewS, etas, now);
      if (reacting) await reacting;
    } catch (e) {
      // The fix is taken; the reaction runs again on the next one.
      process.stderr.write(`reaction to a late vehicle ${vehicleId} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }

  /**
   * A fix the vehicle's owner (another instance of a cluster) took and stored: this instance's cache follows it, so a
   * decision or re-optimization here that plans on the vehicle, and a takeover of its zone, start from where it is.
   * Nothing is written; an older fix than the cached one is ignored.
   */
  async followFix(vehicleId: string, fix: { location: LngLat; atS: number; offNetwork: boolean }): Promise<void> {
    const { fleet, router } = this.ctx;
    const vehicle = fleet.vehicles.get(vehicleId);
    if (!vehicle || (vehicle.lastFix !== undefined && vehicle.lastFix.atS > fix.atS)) return;
    fleet.moveVehicle(vehicleId, fix.location, fix.atS, fix.offNetwork);
    if (!fix.offNetwork) await followFirstLeg(router, vehicle, fix.atS);
  }
}
