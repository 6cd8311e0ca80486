import { transit_realtime as rt } from 'gtfs-realtime-bindings';
import type { FleetTrip, FleetVehicle } from '../../fleet/FleetModel';
import { localDate } from '../gtfsFlex/gtfsTime';
import type { ServiceZone } from '../ServiceDescription';
import { zoneOf } from '../zoneOf';

/** A vehicle's last GPS report as the standards see it. */
export interface LiveFix {
  headingDeg: number | null;
  speedMps: number | null;
  atS: number;
}

/** What the live feeds are made from: the fleet plan (vehicles on shift with their stops), the trips on it, the fixes. */
export interface LiveFleet {
  vehicles: readonly FleetVehicle[];
  trips: ReadonlyMap<string, FleetTrip>;
  fixes: ReadonlyMap<string, LiveFix>;
}

export interface RealtimeContext {
  nowS: number;
  routeId: string;
  timezone: string;
  /** The published zones: a stop's stop_id is the id of the zone (locations.geojson) it lies in. */
  zones: readonly ServiceZone[];
}

/** A vehicle's current run: the DRT trip it drives, published as a NEW trip (it is in no static schedule). */
export const runTripId = (vehicleId: string) => `run-${vehicleId}`;

function tripDescriptor(v: FleetVehicle, c: RealtimeContext): rt.ITripDescriptor {
  return { tripId: runTripId(v.id), routeId: c.routeId, startDate: localDate(c.nowS, c.timezone), scheduleRelationship: rt.TripDescriptor.ScheduleRelationship.NEW };
}

function occupancy(v: FleetVehicle, trips: ReadonlyMap<string, FleetTrip>): { onBoard: number; status: rt.VehiclePosition.OccupancyStatus } {
  let onBoard = 0;
  for (const t of trips.values()) if (t.vehicleId === v.id && t.onBoard) onBoard += t.passengers;
  const free = v.seats - onBoard;
  const O = rt.VehiclePosition.OccupancyStatus;
  const status = onBoard === 0 ? O.EMPTY : free <= 0 ? O.FULL : free <= Math.max(1, Math.floor(v.seats / 4)) ? O.FEW_SEATS_AVAILABLE : O.MANY_SEATS_AVAILABLE;
  return { onBoard, status };
}

const header = (nowS: number): rt.IFeedHeader => ({ gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: Math.floor(nowS) });

/**
 * GTFS-Realtime VehiclePositions: every vehicle on shift with its position, bearing and speed from the last GPS fix,
 * occupancy from the riders on board, and its run (a NEW trip) with the next stop and whether it is stopped there.
 * No rider is named: stops carry no trip ids and no names.
 */
export function buildVehiclePositions(fleet: LiveFleet, c: RealtimeContext): rt.FeedMessage {
  const entity: rt.IFeedEntity[] = fleet.vehicles.map((v) => {
    const fix = fleet.fixes.get(v.id);
    const { onBoard, status } = occupancy(v, fleet.trips);
    const next = v.stops[0];
    return {
      id: `vehicle-${v.id}`,
      vehicle: {
        ...(next ? { trip: tripDescriptor(v, c), currentStopSequence: 1, ...(zoneIdOf(next.location, c) ? { stopId: zoneIdOf(next.location, c)! } : {}) } : {}),
        vehicle: { id: v.id, label: v.id },
        position: {
          latitude: v.position[1],
          longitude: v.position[0],
          ...(fix?.headingDeg !== null && fix?.headingDeg !== undefined ? { bearing: fix.headingDeg } : {}),
          ...(fix?.speedMps !== null && fix?.speedMps !== undefined ? { speed: fix.speedMps } : {}),
        },
        currentStatus: next?.arrivedAtS !== undefined ? rt.VehiclePosition.VehicleStopStatus.STOPPED_AT : rt.VehiclePosition.VehicleStopStatus.IN_TRANSIT_TO,
        timestamp: Math.floor(fix?.atS ?? c.nowS),
        occupancyStatus: status,
        occupancyPercentage: Math.round((100 * onBoard) / Math.max(1, v.seats)),
      },
    };
  });
  return rt.FeedMessage.create({ header: header(c.nowS), entity });
}

/**
 * GTFS-Realtime TripUpdates: each vehicle's run with stops as a NEW trip, one stop time update per planned stop in
 * order (stop_sequence from 1, arrival = planned arrival, departure = arrival + dwell), a pickup stop with pickup by
 * booking and no drop-off, a drop-off stop the other way round. No rider is named.
 */
export function buildTripUpdates(fleet: LiveFleet, c: RealtimeContext): rt.FeedMessage {
  const P = rt.TripUpdate.StopTimeUpdate.StopTimeProperties.DropOffPickupType;
  const entity: rt.IFeedEntity[] = fleet.vehicles
    .filter((v) => v.stops.length > 0)
    .map((v) => ({
      id: runTripId(v.id),
      tripUpdate: {
        trip: tripDescriptor(v, c),
        vehicle: { id: v.id, label: v.id },
        timestamp: Math.floor(c.nowS),
        stopTimeUpdate: v.stops.map((s, i) => {
          const zone = zoneIdOf(s.location, c);
          return {
            stopSequence: i + 1,
            ...(zone ? { stopId: zone } : {}),
            arrival: { time: Math.round(s.plannedArrivalS) },
            departure: { time: Math.round(s.plannedArrivalS + s.serviceS) },
            scheduleRelationship: rt.TripUpdate.StopTimeUpdate.ScheduleRelationship.SCHEDULED,
            stopTimeProperties: s.kind === 'pickup' ? { pickupType: P.PHONE_AGENCY, dropOffType: P.NONE } : { pickupType: P.NONE, dropOffType: P.PHONE_AGENCY },
          };
        }),
      },
    }));
  return rt.FeedMessage.create({ header: header(c.nowS), entity });
}

function zoneIdOf(point: readonly [number, number], c: RealtimeContext): string | null {
  return zoneOf(point, c.zones)?.id ?? null;
}

/** Protobuf bytes of a feed. */
export function encodeFeed(feed: rt.FeedMessage): Uint8Array {
  return rt.FeedMessage.encode(feed).finish();
}

/** The feed as JSON for people debugging (?format=json): enum names, numbers for 64-bit times. */
export function feedAsJson(feed: rt.FeedMessage): Record<string, unknown> {
  return rt.FeedMessage.toObject(feed, { enums: String, longs: Number, defaults: false });
}
