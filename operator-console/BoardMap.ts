import L from 'leaflet';
import type { BoardTrip, BoardVehicle } from '../protocol/board';
import type { VehicleActivity } from '../protocol/realtime';
import { type BaseMap, fromLatLng, toLatLng } from '../web/shared/baseMap';
import type { I18n } from '../web/shared/i18n/I18n';
import { pinIcon, stopIcon, vehicleIcon } from '../web/shared/markers';

/** What a vehicle is doing, as the planner's map colours it. */
export function activityOf(v: BoardVehicle): VehicleActivity {
  if (!v.onShift) return 'off_shift';
  if (v.onBoard > 0) return 'carrying';
  return v.stopsPlanned > 0 ? 'to_pickup' : 'idle';
}

/**
 * The console's map: every vehicle (live positions from the websocket), the chosen trip's pickup and drop-off,
 * the chosen vehicle's next stops, a phone booking's two ends, and clicks handed to whoever asked for them.
 */
export class BoardMap {
  private readonly vehicles = new Map<string, L.Marker>();
  private readonly focus = L.layerGroup();
  private readonly booking = L.layerGroup();
  private readonly alerts = L.layerGroup();
  private clickHandler: ((at: [number, number]) => void) | null = null;

  constructor(
    readonly base: BaseMap,
    private readonly i18n: I18n,
    private readonly onVehicleClick: (id: string) => void,
  ) {
    this.focus.addTo(base.map);
    this.booking.addTo(base.map);
    this.alerts.addTo(base.map);
    base.map.on('click', (e: L.LeafletMouseEvent) => this.clickHandler?.(fromLatLng(e.latlng)));
  }

  get map(): L.Map {
    return this.base.map;
  }

  /** Map clicks go to `handler` until another takes them (null: clicks do nothing). */
  onClick(handler: ((at: [number, number]) => void) | null): void {
    this.clickHandler = handler;
    this.base.map.getContainer().classList.toggle('map--picking', handler !== null);
  }

  setVehicles(vehicles: readonly BoardVehicle[]): void {
    const seen = new Set<string>();
    for (const v of vehicles) {
      seen.add(v.id);
      const icon = vehicleIcon(v.id, activityOf(v));
      const tooltip = this.i18n.t('operator.vehicleTooltip', { name: v.name, onBoard: v.onBoard, seats: v.seats, stops: v.stopsPlanned });
      const existing = this.vehicles.get(v.id);
      if (existing) {
        existing.setLatLng(toLatLng(v.location)).setIcon(icon).setTooltipContent(tooltip);
        this.base.labels.schedule(1000);
        existing.getElement()?.setAttribute('data-testid', 'map-vehicle');
        continue;
      }
      const marker = L.marker(toLatLng(v.location), { icon, keyboard: false }).bindTooltip(tooltip, { direction: 'top' }).on('click', () => this.onVehicleClick(v.id)).addTo(this.base.map);
      marker.getElement()?.setAttribute('data-testid', 'map-vehicle');
      marker.getElement()?.setAttribute('data-vehicle-id', v.id);
      this.vehicles.set(v.id, marker);
    }
    for (const [id, marker] of this.vehicles) {
      if (seen.has(id)) continue;
      marker.remove();
      this.vehicles.delete(id);
    }
  }

  moveVehicle(id: string, location: [number, number]): void {
    this.vehicles.get(id)?.setLatLng(toLatLng(location));
    this.base.labels.schedule(1000);
  }

  /** Where the late and at-risk trips are picked up (or, on board, dropped off): rings in the column's colour. */
  showAlerts(trips: readonly BoardTrip[]): void {
    this.alerts.clearLayers();
    for (const t of trips) {
      if (t.column !== 'late' && t.column !== 'at_risk') continue;
      const at = t.state === 'on_board' ? (t.dropoffPoint ?? t.destination) : (t.pickupPoint ?? t.origin);
      const colour = t.column === 'late' ? '#b91c1c' : '#d97706';
      L.circleMarker(toLatLng(at), { radius: 11, color: colour, weight: 3, fillColor: colour, fillOpacity: 0.15, interactive: false, className: `map-alert map-alert--${t.column}` }).addTo(this.alerts);
    }
  }

  /** A trip's pickup and drop-off, and the view around them. */
  showTrip(trip: BoardTrip | null): void {
    this.focus.clearLayers();
    if (!trip) return;
    const pickup = trip.pickupPoint ?? trip.origin;
    const dropoff = trip.dropoffPoint ?? trip.destination;
    L.marker(toLatLng(pickup), { icon: pinIcon('pickup', this.i18n.t('operator.stopPickup')), keyboard: false }).addTo(this.focus);
    L.marker(toLatLng(dropoff), { icon: pinIcon('dropoff', this.i18n.t('operator.stopDropoff')), keyboard: false }).addTo(this.focus);
    this.fit([pickup, dropoff]);
  }

  /** A vehicle's next stops, numbered in service order. */
  showVehicle(v: BoardVehicle | null): void {
    this.focus.clearLayers();
    if (!v) return;
    v.nextStops.forEach((s, i) => L.marker(toLatLng(s.location), { icon: stopIcon(i + 1, s.kind, i === 0), keyboard: false }).addTo(this.focus));
    this.fit([v.location, ...v.nextStops.map((s) => s.location)]);
  }

  /** The two ends of a phone booking (either may be missing). */
  showBooking(origin: [number, number] | null, destination: [number, number] | null): void {
    this.booking.clearLayers();
    if (origin) L.marker(toLatLng(origin), { icon: pinIcon('origin', this.i18n.t('operator.bookFrom')), keyboard: false }).addTo(this.booking);
    if (destination) L.marker(toLatLng(destination), { icon: pinIcon('destination', this.i18n.t('operator.bookTo')), keyboard: false }).addTo(this.booking);
  }

  private fit(points: readonly [number, number][]): void {
    if (points.length === 0) return;
    const bounds = L.latLngBounds(points.map(toLatLng));
    this.base.map.fitBounds(bounds.pad(0.4), { maxZoom: 16, animate: false });
  }
}
