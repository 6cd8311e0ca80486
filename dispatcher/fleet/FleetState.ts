import type { LngLat } from '../../routing/Router';
import { DEFAULT_BOX_SLACK_M, VehicleIndex } from '../spatial/VehicleIndex';
import type { FleetTrip, FleetVehicle } from './FleetModel';

/**
 * The in-memory fleet: vehicles on shift with their schedules, the trips on them, and the R-tree that
 * finds candidates. A cache of PostgreSQL: changed only after the database committed the change.
 */
export class FleetState {
  readonly vehicles = new Map<string, FleetVehicle>();
  readonly trips = new Map<string, FleetTrip>();
  readonly index: VehicleIndex;
  /** The vehicles with nothing planned, at their positions: so busy vehicles never crowd idle ones out of a search. */
  readonly idleIndex: VehicleIndex;

  constructor(referenceLat: number) {
    // Route boxes may pile up over a city (trips across it): the nearest holding the point are found by position first.
    this.index = new VehicleIndex(referenceLat, DEFAULT_BOX_SLACK_M, true);
    this.idleIndex = new VehicleIndex(referenceLat);
  }

  /** Adds or replaces a vehicle with its whole schedule. */
  putVehicle(v: FleetVehicle): void {
    this.vehicles.set(v.id, v);
    this.reindex(v);
  }

  removeVehicle(id: string): void {
    this.vehicles.delete(id);
    this.index.remove(id);
    this.idleIndex.remove(id);
  }

  putTrip(t: FleetTrip): void {
    this.trips.set(t.id, t);
  }

  /**
   * Moves a vehicle (GPS): the R-tree box is updated in place. `offNetwork`: no road is near the fix; `roadWithinM`:
   * at most this far from one, when known.
   */
  moveVehicle(id: string, position: LngLat, atS: number, offNetwork = false, roadWithinM?: number): void {
    const v = this.vehicles.get(id);
    if (!v) return;
    v.position = position;
    v.lastFix = { location: position, atS, ...(roadWithinM !== undefined ? { roadWithinM } : {}) };
    if (offNetwork) v.offNetwork = true;
    else delete v.offNetwork;
    v.availableAtS = Math.max(v.availableAtS, atS);
    this.reindex(v);
  }

  /** Vehicles that may reach `point` within `radiusM`, nearest first. Vehicles off the network are not in the index. */
  candidates(point: LngLat, radiusM: number, limit: number, accept?: (vehicleId: string) => boolean): FleetVehicle[] {
    return this.index.near(point, radiusM, limit, accept).map((id) => this.vehicles.get(id)!);
  }

  /** As `candidates`, or null where the walk would be long (see VehicleIndex.nearOrGiveUp). */
  candidatesOrGiveUp(point: LngLat, radiusM: number, limit: number, accept: ((vehicleId: string) => boolean) | undefined, maxBoxes: number): FleetVehicle[] | null {
    return this.index.nearOrGiveUp(point, radiusM, limit, accept, maxBoxes)?.map((id) => this.vehicles.get(id)!) ?? null;
  }

  /** As `candidates`, but only among `ids` (see VehicleIndex.nearAmong: a short list costs no walk of the tree). */
  candidatesAmong(point: LngLat, radiusM: number, limit: number, ids: Iterable<string>, accept?: (vehicleId: string) => boolean): FleetVehicle[] {
    return this.index.nearAmong(point, radiusM, limit, ids, accept).map((id) => this.vehicles.get(id)!);
  }

  /** Idle vehicles (no stop planned) within `radiusM` of `point`, nearest first. */
  idleCandidates(point: LngLat, radiusM: number, limit: number): FleetVehicle[] {
    return this.idleIndex.near(point, radiusM, limit).map((id) => this.vehicles.get(id)!);
  }

  private reindex(v: FleetVehicle): void {
    // Off the network, the vehicle is skipped for new riders: out of the index, so it neither takes a candidate's
    // place nor stretches a box from its stops to a far-off fix.
    // Out of service (a breakdown), it is no candidate either.
    if (v.offNetwork || v.outOfService) this.index.remove(v.id);
    else this.index.upsert(v.id, [v.position, ...v.stops.map((s) => s.location)]);
    if (v.stops.length === 0 && !v.offNetwork && !v.outOfService) this.idleIndex.upsert(v.id, [v.position]);
    else this.idleIndex.remove(v.id);
  }
}
