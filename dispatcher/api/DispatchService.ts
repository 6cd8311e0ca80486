import type { OutOfServiceResult } from '../../protocol/promises';
import type { PlannerMetrics } from '../../protocol/metrics';
import type { TripRating, TripRatingInput } from '../../protocol/ratings';
import type { AssignRequest, AssignResponse, EventsPage, VehicleBreakView } from '../../protocol/operator';
import type { NearbyVehicle, PositionReport, RiderTripsResponse, StopEvent, StopReport, TripRequest, TripView } from '../../protocol/trips';
import type { z } from 'zod';
import type { serviceAreaSchema, shiftStartSchema, vehicleSchema } from './schemas';

export type VehicleInput = z.output<typeof vehicleSchema>;
export type ShiftStartInput = z.output<typeof shiftStartSchema>;
export type ServiceAreaFeature = z.output<typeof serviceAreaSchema>;

export interface VehicleView {
  id: string;
  name: string;
  seats: number;
  wheelchairPlaces: number;
  depot: [number, number];
  plate: string | null;
  colour: string | null;
  onShift: boolean;
  shiftEndsAt: number | null;
}

export interface ServiceAreaView {
  type: 'Feature';
  id: number;
  properties: { name: string; active: boolean; createdAt: number };
  geometry: { type: 'MultiPolygon'; coordinates: [number, number][][][] };
}

/**
 * What the HTTP API asks of the dispatcher. The edge validates and authorises; the service decides
 * and persists. Failures are ApiErrors with stable codes.
 */
export interface DispatchService {
  requestTrip(request: TripRequest, idempotencyKey: string | undefined): Promise<{ trip: TripView; created: boolean }>;
  /** `by`: who accepts (`rider:<id>`, or `operator:<subject>` on the rider's behalf), recorded with the trip. */
  acceptOffer(tripId: string, by?: string): Promise<TripView>;
  declineOffer(tripId: string): Promise<TripView>;
  getTrip(tripId: string): Promise<TripView | null>;
  /** `by`: an operator cancelling for the service (logged as an operator_action with the reason). */
  cancelTrip(tripId: string, reason: string, by?: string): Promise<TripView>;
  /** A rider's upcoming trips and history. */
  listRiderTrips(riderId: string): Promise<RiderTripsResponse>;
  /** `by`: an operator editing the fleet (logged as an operator_action); drivers and the simulator pass none. */
  upsertVehicle(input: VehicleInput, by?: string): Promise<VehicleView>;
  startShift(vehicleId: string, input: ShiftStartInput, by?: string): Promise<VehicleView>;
  endShift(vehicleId: string, by?: string): Promise<VehicleView>;
  /** Vehicles on shift near a point, anonymous (no ids, no riders). */
  nearbyVehicles(point: [number, number], radiusM: number, max: number): Promise<NearbyVehicle[]>;
  /**
   * An operator marks the vehicle out of service (a breakdown, issue 13): it takes no new riders, its riders not yet
   * picked up are re-planned onto others, its riders on board flagged. `by`: who marked it.
   */
  markOutOfService(vehicleId: string, reason: string, by: string): Promise<OutOfServiceResult>;
  /** A vehicle's GPS position. */
  reportPosition(vehicleId: string, report: PositionReport): Promise<void>;
  /** A driver's report at a stop of their vehicle. */
  /** `report`: where and when the button was pressed, and an off-site confirmation (see StopEvents). */
  stopEvent(vehicleId: string, tripId: string, event: StopEvent, report?: StopReport): Promise<TripView>;
  listServiceAreas(): Promise<ServiceAreaView[]>;
  createServiceArea(area: ServiceAreaFeature): Promise<ServiceAreaView>;
  deleteServiceArea(id: number): Promise<boolean>;
  metrics(range: { fromS?: number; toS?: number }): Promise<PlannerMetrics>;
  /** The rider's rating of their completed trip (NotFound for another's, TripNotRateable before it is completed). */
  rateTrip(tripId: string, riderId: string, input: TripRatingInput): Promise<TripRating>;
  // Operator actions (issue 14): `by` is the operator (`operator:<subject>`).
  /** Moves a trip to a chosen vehicle, or (dryRun) answers what the move would break. */
  assignTrip(tripId: string, input: AssignRequest, by: string): Promise<AssignResponse>;
  /** Pins the trip to its vehicle (or unpins it): re-optimization and risk reassignment never move a pinned trip. */
  setPin(tripId: string, pinned: boolean, by: string): Promise<TripView>;
  /** A driver's break window, which insertion and re-optimization respect. */
  addBreak(vehicleId: string, window: { startsAtS: number; endsAtS: number }, by: string): Promise<VehicleBreakView>;
  /** The audit trail, a page at a time. */
  listEvents(range: { fromS: number; toS: number; afterSeq: number; limit: number }): Promise<EventsPage>;
}
