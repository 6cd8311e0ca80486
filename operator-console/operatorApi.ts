import type { BoardResponse } from '../protocol/board';
import { type AssignRequest, type AssignResponse, type EventsPage, OPERATOR_LIMITS, type VehicleBreakView } from '../protocol/operator';
import type { OutOfServiceResult } from '../protocol/promises';
import type { TripView } from '../protocol/trips';
import { apiCall } from '../web/shared/apiClient';

/** A service area as GET /service-areas lists it (the fields the console reads). */
export interface ServiceArea {
  id: number;
  properties: { name: string; active: boolean };
  geometry: { type: 'MultiPolygon'; coordinates: [number, number][][][] };
}

export interface VehicleEdit {
  name: string;
  seats: number;
  wheelchairPlaces: number;
  depot: [number, number];
}

const enc = encodeURIComponent;

/** The operator's calls beyond what the rider and planner pages use: the board, manual assignment, fleet and audit. */
export const operatorApi = {
  board: () => apiCall<BoardResponse>('GET', '/board'),
  /** `dryRun`: only the violations, nothing committed. A move that breaks a promise needs `reason`. */
  assign: (tripId: string, body: AssignRequest) => apiCall<AssignResponse>('POST', `/trips/${enc(tripId)}/assign`, body),
  pin: (tripId: string) => apiCall<unknown>('POST', `/trips/${enc(tripId)}/pin`),
  unpin: (tripId: string) => apiCall<unknown>('DELETE', `/trips/${enc(tripId)}/pin`),
  accept: (tripId: string) => apiCall<TripView>('POST', `/trips/${enc(tripId)}/accept`),
  cancel: (tripId: string, reason: string) => apiCall<TripView>('POST', `/trips/${enc(tripId)}/cancel`, { reason }),
  outOfService: (vehicleId: string, reason: string) => apiCall<OutOfServiceResult>('POST', `/vehicles/${enc(vehicleId)}/out-of-service`, { reason }),
  scheduleBreak: (vehicleId: string, startsAt: number, endsAt: number) => apiCall<VehicleBreakView>('POST', `/vehicles/${enc(vehicleId)}/breaks`, { startsAt, endsAt }),
  startShift: (vehicleId: string, endsAt: number) => apiCall<unknown>('POST', `/vehicles/${enc(vehicleId)}/shift/start`, { endsAt }),
  endShift: (vehicleId: string) => apiCall<unknown>('POST', `/vehicles/${enc(vehicleId)}/shift/end`),
  saveVehicle: (id: string, v: VehicleEdit) => apiCall<unknown>('PUT', `/vehicles/${enc(id)}`, v),
  serviceAreas: () => apiCall<{ features: ServiceArea[] }>('GET', '/service-areas'),
  addServiceArea: (name: string, ring: [number, number][]) =>
    apiCall<ServiceArea>('POST', '/service-areas', { type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } }),
  removeServiceArea: (id: number) => apiCall<unknown>('DELETE', `/service-areas/${id}`),
  /** One page of the audit trail between two times (epoch seconds), after the event `after` (the previous page's nextAfter). */
  events: (fromS: number, toS: number, after?: number) =>
    apiCall<EventsPage>('GET', `/events?from=${fromS}&to=${toS}&limit=${OPERATOR_LIMITS.eventsPageMax}${after === undefined ? '' : `&after=${after}`}`),
};
