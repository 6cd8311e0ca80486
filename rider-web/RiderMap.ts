import L from 'leaflet';
import type { TripView } from '../protocol/trips';
import { type BaseMap, hasSize, toLatLng } from '../web/shared/baseMap';
import type { I18n } from '../web/shared/i18n/I18n';
import { pinIcon, vehicleIcon } from '../web/shared/markers';

type Point = [number, number];

/** A stop this close to where the rider stands (or goes) is drawn alone: two pins there would hide each other. */
const SAME_SPOT_M = 20;
/** Pixels kept clear around what a fit frames (the bus's label hangs below it, the pins' labels above). */
const FIT_PAD_PX = 48;
/** The bus counts as out of sight this close to the visible part's edge. */
const EDGE_PX = 24;
/** After the rider moves the map by hand, it is left alone this long, even when their bus drives out of sight. */
const HANDS_OFF_MS = 20_000;
/** Pane of the anonymous vehicles, under Leaflet's marker pane (600): the rider's pins and bus are never under them. */
const ANONYMOUS_PANE = 'anonymousVehicles';
const ANONYMOUS_PANE_Z = '550';
/** The rider's own pins over their own bus, which is over everything else in the marker pane. */
const PIN_Z_OFFSET = 2000;
const OWN_VEHICLE_Z_OFFSET = 1000;

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
  /** The assigned vehicle's name, for its label (never its id). */
  private vehicleName = '';
  /** What is shown, to draw it again in another language. */
  private shown: { trip: TripView } | { ends: [Point | null, Point | null] } = { ends: [null, null] };

  constructor(
    private readonly base: BaseMap,
    private readonly i18n: I18n,
    /** Pixels at the map's bottom that something drawn over it hides (the phone's bottom sheet); 0 if none. */
    private readonly coveredBottomPx: () => number = () => 0,
  ) {
    const pane = base.map.getPane(ANONYMOUS_PANE) ?? base.map.createPane(ANONYMOUS_PANE);
    pane.style.zIndex = ANONYMOUS_PANE_Z;
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
    const name = trip.vehicle?.name ?? '';
    if (name !== this.vehicleName) {
      this.vehicleName = name;
      if (this.vehicle) this.vehicle.setIcon(this.vehicleIcon());
    }
    this.base.labels.schedule();
  }

  /** Frames the pins (and the rider's bus) in the part of the map the sheet leaves visible. */
  fit(): void {
    const points = Object.values(this.pins).map((m) => m.getLatLng());
    if (this.vehicle) points.push(this.vehicle.getLatLng());
    if (points.length === 0 || !hasSize(this.map)) return;
    const covered = Math.max(0, this.coveredBottomPx());
    const size = this.map.getSize();
    // A map the sheet hides almost whole has no visible part to frame in: keep the plain padding then.
    const bottom = size.y - covered > 3 * FIT_PAD_PX ? FIT_PAD_PX + covered : FIT_PAD_PX;
    if (points.length === 1) {
      // Centred in the visible part: the middle of the map shifted up by half the hidden strip.
      this.map.setView(points[0], Math.max(this.map.getZoom(), 15), { animate: false });
      if (bottom > FIT_PAD_PX) this.map.panBy([0, (bottom - FIT_PAD_PX) / 2], { animate: false });
    } else {
      this.map.fitBounds(L.latLngBounds(points), { paddingTopLeft: [FIT_PAD_PX, FIT_PAD_PX], paddingBottomRight: [FIT_PAD_PX, bottom], maxZoom: 17, animate: false });
    }
    this.base.labels.schedule();
  }

  /**
   * The rider's bus moved: it stays in the part of the map they can see. When it would leave it (or hide under the
   * sheet), the view is framed again around it and the pins, unless the rider is moving the map themselves.
   */
  moveVehicle(vehicleId: string, location: Point): void {
    if (vehicleId !== this.vehicleId) return;
    if (!this.vehicle) {
      this.vehicle = L.marker(toLatLng(location), { icon: this.vehicleIcon(), zIndexOffset: OWN_VEHICLE_Z_OFFSET, keyboard: false }).addTo(this.map);
    } else {
      this.vehicle.setLatLng(toLatLng(location));
    }
    this.vehicle.getElement()?.setAttribute('data-testid', 'rider-vehicle');
    this.vehicle.getElement()?.setAttribute('data-location', location.join(','));
    const touched = this.base.touchedAtMs();
    if (!this.inSight(this.vehicle.getLatLng()) && (touched === null || Date.now() - touched > HANDS_OFF_MS)) this.fit();
    // The marker glides to its new place (a CSS transition): the labels are laid out again once it is there.
    this.base.labels.schedule(1000);
  }

  /** Inside the map, clear of its edges and of the sheet over its bottom. */
  private inSight(at: L.LatLng): boolean {
    if (!hasSize(this.map)) return true;
    const p = this.map.latLngToContainerPoint(at);
    const size = this.map.getSize();
    const bottom = size.y - Math.max(0, this.coveredBottomPx());
    return p.x >= EDGE_PX && p.x <= size.x - EDGE_PX && p.y >= EDGE_PX && p.y <= bottom - EDGE_PX;
  }

  private vehicleIcon(): L.DivIcon {
    return vehicleIcon(this.vehicleName);
  }

  /** Draws the vehicles near the rider (small, unlabelled, under the rider's own pins; their own vehicle is drawn on its own). */
  setNearby(vehicles: ReadonlyArray<{ location: Point; busy: boolean }>): void {
    this.nearby.clearLayers();
    for (const v of vehicles) {
      const marker = L.marker(toLatLng(v.location), { icon: vehicleIcon('', v.busy ? 'carrying' : 'idle'), pane: ANONYMOUS_PANE, keyboard: false, interactive: false, opacity: 0.75 });
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
    this.vehicleName = '';
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
      this.pins[kind] = L.marker(toLatLng(at), { icon: pinIcon(kind, label), keyboard: false, title: label, zIndexOffset: PIN_Z_OFFSET }).addTo(this.map);
    }
    this.pins[kind]?.getElement()?.setAttribute('data-testid', `pin-${kind}`);
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
