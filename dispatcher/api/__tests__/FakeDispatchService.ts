import type { TripRating, TripRatingInput } from '../../../protocol/ratings';
import type { OutOfServiceResult } from '../../../protocol/promises';
import type { PlannerMetrics } from '../../../protocol/metrics';
import type { RiderTripsResponse, TripRequest, TripView } from '../../../protocol/trips';
import { ApiError } from '../../errors/ApiError';
import type { DispatchService, ServiceAreaView, VehicleView } from '../DispatchService';

/** A dispatch service in memory, for tests of the HTTP edge (tokens, roles, limits, headers): trips are offered at once. */
export class FakeDispatchService implements DispatchService {
  readonly trips = new Map<string, TripView>();
  private next = 1;

  async requestTrip(request: TripRequest): Promise<{ trip: TripView; created: boolean }> {
    const trip: TripView = {
      id: `t${this.next++}`, riderId: request.riderId, state: 'offered', origin: request.origin, destination: request.destination, pickupPoint: null, dropoffPoint: null,
      walkToPickupM: null, passengers: request.passengers, wheelchairs: request.wheelchairs, requestedPickupAt: 0, promisedPickup: null, promisedArrivalBy: null,
      pickupEta: null, arrivalEta: null, vehicleId: null, rejectReason: null, cancelReason: null, offerExpiresAt: null, walkFromDropoffM: null, vehicle: null, vehicleAtPickupSince: null, waitsUntil: null, cancelCode: null,
    };
    this.trips.set(trip.id, trip);
    return { trip, created: true };
  }
  async listRiderTrips(riderId: string): Promise<RiderTripsResponse> {
    return { upcoming: [...this.trips.values()].filter((t) => t.riderId === riderId), history: [] };
  }
  async getTrip(id: string): Promise<TripView | null> {
    return this.trips.get(id) ?? null;
  }
  async acceptOffer(id: string): Promise<TripView> {
    return this.set(id, 'accepted');
  }
  async declineOffer(id: string): Promise<TripView> {
    return this.set(id, 'cancelled');
  }
  async cancelTrip(id: string): Promise<TripView> {
    return this.set(id, 'cancelled');
  }
  async upsertVehicle(input: { id: string; seats: number; wheelchairPlaces: number; depot: [number, number] }): Promise<VehicleView> {
    return { id: input.id, name: input.id, seats: input.seats, wheelchairPlaces: input.wheelchairPlaces, depot: input.depot, plate: null, colour: null, onShift: false, shiftEndsAt: null };
  }
  async startShift(id: string): Promise<VehicleView> {
    return { id, name: id, seats: 8, wheelchairPlaces: 0, depot: [0, 0], plate: null, colour: null, onShift: true, shiftEndsAt: 1 };
  }
  async endShift(id: string): Promise<VehicleView> {
    return { id, name: id, seats: 8, wheelchairPlaces: 0, depot: [0, 0], plate: null, colour: null, onShift: false, shiftEndsAt: null };
  }
  async nearbyVehicles() {
    return [];
  }
  async reportPosition(): Promise<void> {}
  async markOutOfService(vehicleId: string): Promise<OutOfServiceResult> {
    return { vehicleId, replanned: [], moved: [], unserved: [], onBoard: [] };
  }
  async stopEvent(_vehicleId: string, tripId: string): Promise<TripView> {
    return this.set(tripId, 'arriving');
  }
  async listServiceAreas(): Promise<ServiceAreaView[]> {
    return [];
  }
  async createServiceArea(): Promise<ServiceAreaView> {
    throw new ApiError('ValidationFailed', 'not in the fake');
  }
  async deleteServiceArea(): Promise<boolean> {
    return false;
  }
  async rateTrip(tripId: string, _riderId: string, input: TripRatingInput): Promise<TripRating> {
    return { tripId, stars: input.stars, comment: input.comment ?? null, ratedAt: 0 };
  }
  async assignTrip(): Promise<never> {
    throw new ApiError('ValidationFailed', 'not in the fake');
  }
  async setPin(id: string): Promise<TripView> {
    return this.set(id, this.trips.get(id)?.state ?? 'accepted');
  }
  async addBreak(): Promise<never> {
    throw new ApiError('ValidationFailed', 'not in the fake');
  }
  async listEvents() {
    return { events: [], nextAfter: null };
  }
  async metrics(range: { fromS?: number; toS?: number }): Promise<PlannerMetrics> {
    return {
      fromS: range.fromS ?? 0, toS: range.toS ?? 0, requests: this.trips.size, accepted: 0, completed: 0, cancelled: 0, noShows: 0, rejected: 0, rejectionReasons: {}, shareServed: 0,
      meanWaitS: null, p50WaitS: null, p90WaitS: null, meanDetourRatio: null, p50DetourRatio: null, p90DetourRatio: null,
      outcomes: { completed: 0, rejected: {}, declined: 0, acceptFailed: 0, cancelled: 0, noShow: 0 }, poolingRate: null, meanOccupancy: null, vehicleKm: null, passengerKm: null, emptyKm: null, passengersPerVehicleHour: null,
      samples: { waits: 0, detours: 0, vehicleHours: 0 }, serviceStartS: null, ratings: { count: 0, meanStars: null, byStars: [0, 0, 0, 0, 0] },
    };
  }

  private set(id: string, state: TripView['state']): TripView {
    const trip = this.trips.get(id);
    if (!trip) throw new ApiError('NotFound', `No trip ${id}`);
    const next = { ...trip, state };
    this.trips.set(id, next);
    return next;
  }
}
