import L from 'leaflet';
import type { TripView } from '../protocol/trips';
import { type BaseMap, hasSize, toLatLng } from '../web/shared/baseMap';
import type { I18n } from '../web/shared/i18n/I18n';
import { pinIcon, vehicleIcon } from '../web/shared/markers';

type Point = [number, number];

/** A stop this close to where the rider stands (or goes) is drawn alone: two pins there would hide each other. */
const SAME_SPOT_M = 20;

function metresBetween(a: Point, b: Point): number {
  const kx = 111_320 * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 110_574);
}

/** What the rider sees on the map: their two ends, where the vehicle stops, the walk there, and the vehicle. */
export class RiderMap {
  private readonly pins: Partial<Record<'origin' | 'destination' | 'pickup' | 'dropoff', L.Marker>> = {};
  private walk: L.Polyline | null = null;
  /** The walk on from a drop-off meeting point to the destination. */
  private walkOn: L.Polyline | null = null;
  private vehicle: L.Marker | null = null;
  /** Anonymous vehicles on shift around the rider, so the service looks (and is) alive. */
  private readonly nearby = L.layerGroup();
  private vehicleId: string | null = null;
  /** What is shown, to draw it again in another language. */
  private shown: { trip: TripView } | { ends: [Point | null, Point | null] } = { ends: [null, null] };

  constructor(
    private readonly base: BaseMap,
    private readonly i18n: I18n,
  ) {
    this.nearby.addTo(base.map);
    i18n.onChange(() => ('trip' in this.shown ? this.showTrip(this.shown.trip) : this.setEnds(...this.shown.ends)));
  }

  get map(): L.Map {
    return this.base.map;
  }

  /** The rider's chosen ends (null removes one). */
  setEnds(origin: Point | null, destination: Point | null): void {
    this.shown = { ends: [origin, destination] };
    this.pin('origin', origin, this.i18n.t('rider.pinFrom'));
    this.pin('destination', destination, this.i18n.t('rider.pinTo'));
    this.pin('pickup', null, '');
    this.pin('dropoff', null, '');
    this.setWalk(null, null);
    this.setWalkOn(null);
  }

  /** An offer or a trip: where the vehicle stops for the rider, and the walk from where they are. */
  showTrip(trip: TripView): void {
    this.shown = { trip };
    const apart = (a: Point, b: Point | null) => !b || metresBetween(a, b) > SAME_SPOT_M;
    this.pin('origin', apart(trip.origin, trip.pickupPoint) ? trip.origin : null, this.i18n.t('rider.pinFrom'));
    this.pin('destination', apart(trip.destination, trip.dropoffPoint) ? trip.destination : null, this.i18n.t('rider.pinTo'));
    const toMeeting = trip.walks?.toPickup ?? null;
    const fromMeeting = trip.walks?.fromDropoff ?? null;
    const meetingLabel = (walk: { durationS: number } | null, plain: string) =>
      walk ? `${this.i18n.t('rider.meet.pin')} · ${this.i18n.t('rider.meet.walkMinutes', { minutes: Math.max(1, Math.ceil(walk.durationS / 60)) })}` : plain;
    this.pin('pickup', trip.state === 'on_board' ? null : trip.pickupPoint, meetingLabel(toMeeting, this.i18n.t('rider.pinPickup')));
    this.pin('dropoff', trip.dropoffPoint, meetingLabel(fromMeeting, this.i18n.t('rider.pinDropoff')));
    const walking = trip.state !== 'on_board' && trip.state !== 'completed';
    if (toMeeting) this.setWalkPath(walking ? toMeeting.path : null, toMeeting.durationS);
    else this.setWalk(!walking || !apart(trip.origin, trip.pickupPoint) ? null : trip.origin, trip.pickupPoint);
    this.setWalkOn(fromMeeting && trip.state !== 'completed' ? fromMeeting : null);
    if (trip.vehicleId !== this.vehicleId) this.clearVehicle();
    this.vehicleId = trip.vehicleId;
  }

  /** Frames the pins in the part of the map the sheet leaves visible. */
  fit(): void {
    const points = Object.values(this.pins).map((m) => m.getLatLng());
    if (this.vehicle) points.push(this.vehicle.getLatLng());
    if (points.length === 0 || !hasSize(this.map)) return;
    if (points.length === 1) this.map.setView(points[0], Math.max(this.map.getZoom(), 15), { animate: false });
    else this.map.fitBounds(L.latLngBounds(points), { padding: [48, 48], maxZoom: 17, animate: false });
  }

  moveVehicle(vehicleId: string, location: Point): void {
    if (vehicleId !== this.vehicleId) return;
    if (!this.vehicle) {
      this.vehicle = L.marker(toLatLng(location), { icon: vehicleIcon(vehicleId), zIndexOffset: 1000, keyboard: false }).addTo(this.map);
      this.vehicle.getElement()?.setAttribute('data-testid', 'rider-vehicle');
    } else {
      this.vehicle.setLatLng(toLatLng(location));
    }
    this.vehicle.getElement()?.setAttribute('data-location', location.join(','));
  }

  /** Draws the vehicles near the rider (small, unlabelled; the rider's own vehicle is drawn on its own). */
  setNearby(vehicles: ReadonlyArray<{ location: Point; busy: boolean }>): void {
    this.nearby.clearLayers();
    for (const v of vehicles) {
      const marker = L.marker(toLatLng(v.location), { icon: vehicleIcon('', v.busy ? 'carrying' : 'idle'), keyboard: false, interactive: false, opacity: 0.75 });
      marker.addTo(this.nearby);
      marker.getElement()?.setAttribute('data-testid', 'nearby-vehicle');
    }
  }

  clearVehicle(): void {
    this.vehicle?.remove();
    this.vehicle = null;
  }

  reset(): void {
    this.setEnds(null, null);
    this.clearVehicle();
    this.vehicleId = null;
  }

  private pin(kind: 'origin' | 'destination' | 'pickup' | 'dropoff', at: Point | null, label: string): void {
    const existing = this.pins[kind];
    if (!at) {
      existing?.remove();
      delete this.pins[kind];
      return;
    }
    if (existing) {
      existing.setLatLng(toLatLng(at));
      existing.setIcon(pinIcon(kind, label));
    } else {
      this.pins[kind] = L.marker(toLatLng(at), { icon: pinIcon(kind, label), keyboard: false, title: label }).addTo(this.map);
    }
  }

  /** The walk to a meeting point along its path, labelled with the minutes counted in the promise. */
  private setWalkPath(path: readonly Point[] | null, durationS: number): void {
    this.walk?.remove();
    this.walk = path && path.length >= 2 ? this.walkLine(path, durationS, 'walk-to-meeting-point') : null;
  }

  private setWalkOn(walk: { path: Point[]; durationS: number } | null): void {
    this.walkOn?.remove();
    this.walkOn = walk && walk.path.length >= 2 ? this.walkLine(walk.path, walk.durationS, 'walk-from-meeting-point') : null;
  }

  private walkLine(path: readonly Point[], durationS: number, testid: string): L.Polyline {
    const line = L.polyline(path.map(toLatLng), { className: 'walk-line walk-line--meeting', weight: 5, dashArray: '2 8', interactive: false }).addTo(this.map);
    line.bindTooltip(this.i18n.t('rider.meet.walkMinutes', { minutes: Math.max(1, Math.ceil(durationS / 60)) }), { permanent: true, direction: 'center', className: 'walk-minutes' });
    line.getElement()?.setAttribute('data-testid', testid);
    return line;
  }

  private setWalk(from: Point | null, to: Point | null): void {
    this.walk?.remove();
    this.walk = from && to ? L.polyline([toLatLng(from), toLatLng(to)], { className: 'walk-line', weight: 4, dashArray: '2 8', interactive: false }).addTo(this.map) : null;
  }
}
