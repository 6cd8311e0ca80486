import type { TripRating, TripRatingInput } from '../../protocol/ratings';
import type { OutOfServiceResult } from '../../protocol/promises';
import type { PlannerMetrics } from '../../protocol/metrics';
import type { AssignRequest, AssignResponse, EventsPage, VehicleBreakView } from '../../protocol/operator';
import type { NearbyVehicle, PositionReport, RiderTripsResponse, StopEvent, StopReport, TripRequest, TripView } from '../../protocol/trips';
import type { DispatchService, ServiceAreaFeature, ServiceAreaView, ShiftStartInput, VehicleInput, VehicleView } from '../api/DispatchService';
import type { ZoneRepository } from '../persistence/ZoneRepository';
import type { ForwardedCall } from './forwardedCalls';

/** How a call reaches the zone's owner when that is another instance (ClusterNode: NATS request/reply). */
export type Forward = <C extends ForwardedCall>(zone: number, call: C, args: Parameters<DispatchService[C]>) => Promise<Awaited<ReturnType<DispatchService[C]>>>;

/**
 * The dispatch service of one instance in a cluster: a decision or write goes to the owner of its zone (the service
 * area the trip starts in, or the vehicle's depot is in), which is this instance or another one over NATS; reads are
 * answered here, from PostgreSQL and this instance's fleet cache. Outside every zone, this instance answers (the
 * dispatcher's own checks refuse what is out of area).
 */
export class ClusterService implements DispatchService {
  constructor(
    private readonly local: DispatchService,
    private readonly zones: ZoneRepository,
    private readonly owns: (zone: number) => boolean,
    private readonly forward: Forward,
    /** A vehicle's zone from the last heartbeat's map, when known (saves a query per GPS report). */
    private readonly cachedVehicleZone: (vehicleId: string) => number | null | undefined,
  ) {}

  private async route<C extends ForwardedCall>(zone: number | null, call: C, args: Parameters<DispatchService[C]>): Promise<Awaited<ReturnType<DispatchService[C]>>> {
    if (zone === null || this.owns(zone)) {
      const method = this.local[call] as (...a: Parameters<DispatchService[C]>) => Promise<Awaited<ReturnType<DispatchService[C]>>>;
      return method.apply(this.local, args);
    }
    return this.forward(zone, call, args);
  }

  private async vehicleZone(vehicleId: string): Promise<number | null> {
    const cached = this.cachedVehicleZone(vehicleId);
    return cached !== undefined ? cached : this.zones.zoneOfVehicle(vehicleId);
  }

  async requestTrip(request: TripRequest, idempotencyKey: string | undefined): Promise<{ trip: TripView; created: boolean }> {
    return this.route(await this.zones.zoneAt(request.origin), 'requestTrip', [request, idempotencyKey]);
  }

  async acceptOffer(tripId: string, by?: string): Promise<TripView> {
    return this.route(await this.zones.zoneOfTrip(tripId), 'acceptOffer', by === undefined ? [tripId] : [tripId, by]);
  }

  async declineOffer(tripId: string): Promise<TripView> {
    return this.route(await this.zones.zoneOfTrip(tripId), 'declineOffer', [tripId]);
  }

  async cancelTrip(tripId: string, reason: string, by?: string): Promise<TripView> {
    return this.route(await this.zones.zoneOfTrip(tripId), 'cancelTrip', by === undefined ? [tripId, reason] : [tripId, reason, by]);
  }

  // Operator actions: the owner of the trip's (or vehicle's) zone decides a move, a pin or a break.
  async assignTrip(tripId: string, input: AssignRequest, by: string): Promise<AssignResponse> {
    return this.route(await this.zones.zoneOfTrip(tripId), 'assignTrip', [tripId, input, by]);
  }

  async setPin(tripId: string, pinned: boolean, by: string): Promise<TripView> {
    return this.route(await this.zones.zoneOfTrip(tripId), 'setPin', [tripId, pinned, by]);
  }

  async addBreak(vehicleId: string, window: { startsAtS: number; endsAtS: number }, by: string): Promise<VehicleBreakView> {
    return this.route(await this.vehicleZone(vehicleId), 'addBreak', [vehicleId, window, by]);
  }

  listEvents(range: { fromS: number; toS: number; afterSeq: number; limit: number }): Promise<EventsPage> {
    return this.local.listEvents(range);
  }

  async upsertVehicle(input: VehicleInput, by?: string): Promise<VehicleView> {
    return this.route(await this.zones.zoneAt(input.depot), 'upsertVehicle', [input, by]);
  }

  async startShift(vehicleId: string, input: ShiftStartInput, by?: string): Promise<VehicleView> {
    return this.route(await this.vehicleZone(vehicleId), 'startShift', [vehicleId, input, by]);
  }

  async endShift(vehicleId: string, by?: string): Promise<VehicleView> {
    return this.route(await this.vehicleZone(vehicleId), 'endShift', [vehicleId, by]);
  }

  async markOutOfService(vehicleId: string, reason: string, by: string): Promise<OutOfServiceResult> {
    return this.route(await this.vehicleZone(vehicleId), 'markOutOfService', [vehicleId, reason, by]);
  }

  async reportPosition(vehicleId: string, report: PositionReport): Promise<void> {
    return this.route(await this.vehicleZone(vehicleId), 'reportPosition', [vehicleId, report]);
  }

  async stopEvent(vehicleId: string, tripId: string, event: StopEvent, report?: StopReport): Promise<TripView> {
    return this.route(await this.vehicleZone(vehicleId), 'stopEvent', [vehicleId, tripId, event, report]);
  }

  getTrip(tripId: string): Promise<TripView | null> {
    return this.local.getTrip(tripId);
  }

  listRiderTrips(riderId: string): Promise<RiderTripsResponse> {
    return this.local.listRiderTrips(riderId);
  }

  nearbyVehicles(point: [number, number], radiusM: number, max: number): Promise<NearbyVehicle[]> {
    return this.local.nearbyVehicles(point, radiusM, max);
  }

  listServiceAreas(): Promise<ServiceAreaView[]> {
    return this.local.listServiceAreas();
  }

  createServiceArea(area: ServiceAreaFeature): Promise<ServiceAreaView> {
    return this.local.createServiceArea(area);
  }

  deleteServiceArea(id: number): Promise<boolean> {
    return this.local.deleteServiceArea(id);
  }

  /** A rating is one row written in PostgreSQL: any instance stores it, no zone owner needed. */
  rateTrip(tripId: string, riderId: string, input: TripRatingInput): Promise<TripRating> {
    return this.local.rateTrip(tripId, riderId, input);
  }

  metrics(range: { fromS?: number; toS?: number }): Promise<PlannerMetrics> {
    return this.local.metrics(range);
  }
}
