import L from 'leaflet';
import type { Manifest } from '../protocol/realtime';
import { type BaseMap, hasSize, toLatLng } from '../web/shared/baseMap';
import { stopIcon, vehicleIcon } from '../web/shared/markers';
import { type RouteAhead, routeAhead } from './routeAhead';

/**
 * The driver's map: the route to the next stop, the numbered stops, and the vehicle itself. The route line
 * starts at the bus and follows it as it drives (the part behind it is gone). Three panes keep it in sight: the
 * bus in Leaflet's marker pane (600), the line in its own pane above it (610), so the bus icon never hides the
 * line leaving it, and the stops above the line (620), so its end never hides a stop's number.
 */
const ROUTE_PANE = 'driverRoute';
const STOPS_PANE = 'driverStops';

export class DriverMap {
  private readonly stops = L.layerGroup();
  private readonly casing: L.Polyline;
  private readonly line: L.Polyline;
  private route: [number, number][] = [];
  private vehicle: L.Marker | null = null;
  private busAt: [number, number] | null = null;
  private framedFor = '';
  /** Metres left along the route from the bus (null without a route). */
  remainingM: number | null = null;
  /** Where the bus is against the route (how far along, how far off); null without a route. */
  ahead: RouteAhead | null = null;

  constructor(
    private readonly base: BaseMap,
    /** Shown in the top bar: the icon carries no label, which the line drawn over it would cross. */
    readonly vehicleId: string,
  ) {
    this.stops.addTo(base.map);
    for (const [name, z] of [[ROUTE_PANE, '610'], [STOPS_PANE, '620']] as const) {
      const pane = base.map.getPane(name) ?? base.map.createPane(name);
      pane.style.zIndex = z;
    }
    this.casing = L.polyline([], { pane: ROUTE_PANE, color: '#ffffff', weight: 11, opacity: 0.95, interactive: false }).addTo(base.map);
    this.line = L.polyline([], { pane: ROUTE_PANE, className: 'route-line', weight: 7, interactive: false }).addTo(base.map);
  }

  showManifest(manifest: Manifest): void {
    const map = this.base.map;
    this.stops.clearLayers();
    manifest.stops.forEach((s, i) => {
      L.marker(toLatLng(s.location), { icon: stopIcon(i + 1, s.kind, i === 0), pane: STOPS_PANE, zIndexOffset: i === 0 ? 500 : 0, keyboard: false, title: s.riderName }).addTo(this.stops);
    });
    // Rebalancing: with no stop, where the dispatcher expects riders (a ring, not a stop: nobody waits there yet).
    if (manifest.stops.length === 0 && manifest.repositionTo) {
      L.circleMarker(toLatLng(manifest.repositionTo), { pane: STOPS_PANE, radius: 14, className: 'reposition-target', weight: 3, fillOpacity: 0.15, interactive: false }).addTo(this.stops);
    }
    this.route = manifest.routeToNext.length >= 2 ? manifest.routeToNext.map((p): [number, number] => [p[0], p[1]]) : [];
    this.drawRoute();
    // Frame the way to the next stop whenever the next stop changes, not at every update.
    const next = manifest.stops[0];
    const key = next ? `${next.tripId}:${next.kind}` : '';
    if (!key) this.framedFor = '';
    if (key && key !== this.framedFor && hasSize(map)) {
      this.framedFor = key;
      const points = [...manifest.routeToNext.map(toLatLng), toLatLng(next.location)];
      if (this.busAt) points.push(toLatLng(this.busAt));
      map.fitBounds(L.latLngBounds(points), { padding: [48, 48], maxZoom: 17, animate: false });
    }
  }

  moveVehicle(location: [number, number], headingDeg: number | null): void {
    this.busAt = [location[0], location[1]];
    if (!this.vehicle) {
      this.vehicle = L.marker(toLatLng(location), { icon: vehicleIcon(''), zIndexOffset: 1000, keyboard: false }).addTo(this.base.map);
      this.vehicle.getElement()?.setAttribute('data-testid', 'driver-vehicle');
    } else {
      this.vehicle.setLatLng(toLatLng(location));
    }
    this.drawRoute();
    // Keep the bus and the line ahead of it in view.
    const here = this.vehicle.getLatLng();
    if (hasSize(this.base.map) && !this.base.map.getBounds().pad(-0.15).contains(here)) this.base.map.panTo(here, { animate: false });
    const body = this.vehicle.getElement()?.querySelector<HTMLElement>('.vehicle__body');
    if (body) body.style.setProperty('--heading', `${headingDeg ?? 0}deg`);
    this.base.labels.schedule(1000);
  }

  /** Where the bus was last seen (GPS or simulator), or null. */
  get busPosition(): [number, number] | null {
    return this.busAt;
  }

  private drawRoute(): void {
    const ahead = routeAhead(this.route, this.busAt);
    const latLngs = ahead.line.map(toLatLng);
    this.casing.setLatLngs(latLngs);
    this.line.setLatLngs(latLngs);
    this.remainingM = ahead.line.length >= 2 ? ahead.lengthM : null;
    this.ahead = ahead.line.length >= 2 ? ahead : null;
    const start = ahead.line[0];
    const el = this.base.map.getContainer();
    el.dataset.routeStart = start ? `${start[0].toFixed(6)},${start[1].toFixed(6)}` : '';
    el.dataset.routePoints = String(ahead.line.length);
  }
}
