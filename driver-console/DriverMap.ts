import L from 'leaflet';
import type { Manifest } from '../protocol/realtime';
import { type BaseMap, hasSize, toLatLng } from '../web/shared/baseMap';
import { stopIcon, vehicleIcon } from '../web/shared/markers';

/** The driver's map: the route to the next stop, the numbered stops, and the vehicle itself. */
export class DriverMap {
  private readonly stops = L.layerGroup();
  private route: L.Polyline | null = null;
  private vehicle: L.Marker | null = null;
  private framedFor = '';

  constructor(
    private readonly base: BaseMap,
    private readonly vehicleId: string,
  ) {
    this.stops.addTo(base.map);
  }

  showManifest(manifest: Manifest): void {
    const map = this.base.map;
    this.stops.clearLayers();
    manifest.stops.forEach((s, i) => {
      L.marker(toLatLng(s.location), { icon: stopIcon(i + 1, s.kind, i === 0), zIndexOffset: i === 0 ? 500 : 0, keyboard: false, title: s.riderName }).addTo(this.stops);
    });
    this.route?.remove();
    this.route = null;
    if (manifest.routeToNext.length >= 2) {
      const latLngs = manifest.routeToNext.map(toLatLng);
      L.polyline(latLngs, { color: '#ffffff', weight: 10, opacity: 0.9, interactive: false }).addTo(this.stops);
      this.route = L.polyline(latLngs, { className: 'route-line', weight: 7, interactive: false }).addTo(map);
    }
    // Frame the way to the next stop whenever the next stop changes, not at every update.
    const next = manifest.stops[0];
    const key = next ? `${next.tripId}:${next.kind}` : '';
    if (!key) this.framedFor = '';
    if (key && key !== this.framedFor && hasSize(map)) {
      this.framedFor = key;
      const points = [...manifest.routeToNext.map(toLatLng), toLatLng(next.location)];
      if (this.vehicle) points.push([this.vehicle.getLatLng().lat, this.vehicle.getLatLng().lng]);
      map.fitBounds(L.latLngBounds(points), { padding: [40, 40], maxZoom: 17, animate: false });
    }
  }

  moveVehicle(location: [number, number], headingDeg: number | null): void {
    if (!this.vehicle) {
      this.vehicle = L.marker(toLatLng(location), { icon: vehicleIcon(this.vehicleId), zIndexOffset: 1000, keyboard: false }).addTo(this.base.map);
      this.vehicle.getElement()?.setAttribute('data-testid', 'driver-vehicle');
    } else {
      this.vehicle.setLatLng(toLatLng(location));
    }
    // With no stop to frame, keep the vehicle itself in view.
    const here = this.vehicle.getLatLng();
    if (!this.framedFor && hasSize(this.base.map) && !this.base.map.getBounds().pad(-0.1).contains(here)) this.base.map.panTo(here, { animate: false });
    const body = this.vehicle.getElement()?.querySelector<HTMLElement>('.vehicle__body');
    if (body) body.style.setProperty('--heading', `${headingDeg ?? 0}deg`);
  }
}
