import L from 'leaflet';
import 'leaflet.heat';
import type { FleetVehicleView, VehicleActivity } from '../protocol/realtime';
import type { TripOriginsResponse } from '../protocol/pages';
import { type BaseMap, toLatLng } from '../web/shared/baseMap';
import { el, render } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';
import { vehicleIcon } from '../web/shared/markers';
import { type FleetRendering, fleetRendering } from './fleetRendering';

const ACTIVITIES: VehicleActivity[] = ['to_pickup', 'carrying', 'idle', 'off_shift'];

/** The dot colours of the canvas mode: the same as the HTML markers' `--vehicle` in web/styles/map.css. */
const DOT_COLOURS: Record<VehicleActivity, string> = { idle: '#64748b', to_pickup: '#d97706', carrying: '#15803d', off_shift: '#94a3b8' };

const FLEET_PANE = 'fleet';

type VehicleLayer = L.Marker | L.CircleMarker;

/** The live fleet (planner websocket: fleet snapshots and positions) over the demand heatmap (trip origins). */
export class FleetMap {
  private readonly markers = new Map<string, VehicleLayer>();
  private readonly vehicles = new Map<string, FleetVehicleView>();
  private readonly heat: L.HeatLayer;
  private readonly canvas: L.Canvas;
  private rendering: FleetRendering = 'dom';
  readonly legend: HTMLElement;

  constructor(
    private readonly base: BaseMap,
    private readonly i18n: I18n,
    private readonly onUpdate: () => void = () => {},
  ) {
    // The dots' own pane above the overlays (the road drawing and the heatmap), below the markers and tooltips.
    base.map.createPane(FLEET_PANE).style.zIndex = '450';
    this.canvas = L.canvas({ pane: FLEET_PANE, padding: 0.2, tolerance: 4 });
    this.heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 16, minOpacity: 0.35 }).addTo(base.map);
    this.legend = el('div', { class: 'fleet-legend', data: { testid: 'fleet-legend' } });
    i18n.onChange(() => this.drawLegend());
    this.drawLegend();
    this.describe();
  }

  setFleet(vehicles: FleetVehicleView[]): void {
    const rendering = fleetRendering(vehicles.length);
    if (rendering !== this.rendering) {
      for (const marker of this.markers.values()) marker.remove();
      this.markers.clear();
      this.rendering = rendering;
    }
    const seen = new Set<string>();
    for (const v of vehicles) {
      seen.add(v.id);
      const before = this.vehicles.get(v.id);
      this.vehicles.set(v.id, v);
      this.place(v, before);
    }
    for (const [id, marker] of this.markers) {
      if (seen.has(id)) continue;
      marker.remove();
      this.markers.delete(id);
    }
    for (const id of this.vehicles.keys()) if (!seen.has(id)) this.vehicles.delete(id);
    this.drawLegend();
    this.describe();
    this.onUpdate();
  }

  /** Vehicles by what they are doing now. */
  counts(): Record<VehicleActivity, number> {
    const counts: Record<VehicleActivity, number> = { idle: 0, to_pickup: 0, carrying: 0, off_shift: 0 };
    for (const v of this.vehicles.values()) counts[v.activity]++;
    return counts;
  }

  moveVehicle(id: string, location: [number, number], headingDeg: number | null, atS: number): void {
    const v = this.vehicles.get(id);
    if (!v) return;
    const moved = { ...v, location, headingDeg, atS };
    this.vehicles.set(id, moved);
    this.place(moved, v);
  }

  setOrigins(origins: TripOriginsResponse['origins']): void {
    this.heat.setLatLngs(origins.map((o) => [o.location[1], o.location[0], 1] as L.HeatLatLngTuple));
  }

  private tooltip(id: string): string {
    const v = this.vehicles.get(id);
    if (!v) return id;
    return this.i18n.t('planner.vehicleTooltip', { id: v.id, activity: this.i18n.t(`activity.${v.activity}`), onBoard: v.onBoard, stops: v.stops });
  }

  private place(v: FleetVehicleView, before: FleetVehicleView | undefined): void {
    const existing = this.markers.get(v.id);
    const moved = !before || before.location[0] !== v.location[0] || before.location[1] !== v.location[1];
    const restyled = !before || before.activity !== v.activity;
    if (existing) {
      if (moved) existing.setLatLng(toLatLng(v.location));
      if (restyled) {
        if (existing instanceof L.Marker) existing.setIcon(vehicleIcon(v.id, v.activity));
        else existing.setStyle({ fillColor: DOT_COLOURS[v.activity] });
      }
      // A labelled marker that moved: its label may now sit on another's.
      if ((moved || restyled) && existing instanceof L.Marker) this.base.labels.schedule(1000);
      return;
    }
    // The tooltip's text is made when it opens (thousands of vehicles: no string per vehicle per snapshot).
    const content = () => this.tooltip(v.id);
    if (this.rendering === 'dom') {
      const marker = L.marker(toLatLng(v.location), { icon: vehicleIcon(v.id, v.activity), keyboard: false }).bindTooltip(content, { direction: 'top' }).addTo(this.base.map);
      marker.getElement()?.setAttribute('data-testid', 'fleet-vehicle');
      this.markers.set(v.id, marker);
      return;
    }
    const dot = L.circleMarker(toLatLng(v.location), { renderer: this.canvas, radius: 5, color: '#ffffff', weight: 1.5, pane: FLEET_PANE, fillColor: DOT_COLOURS[v.activity], fillOpacity: 1 })
      .bindTooltip(content, { direction: 'top' })
      .addTo(this.base.map);
    this.markers.set(v.id, dot);
  }

  /** How the fleet is drawn and how many vehicles, on the map's container (read by tests and the load harness). */
  private describe(): void {
    const container = this.base.map.getContainer();
    container.dataset.fleetRendering = this.rendering;
    container.dataset.fleetSize = String(this.markers.size);
  }

  private drawLegend(): void {
    const counts = this.counts();
    render(
      this.legend,
      ...ACTIVITIES.map((a) =>
        el('span', { class: `fleet-legend__item vehicle--${a}` }, el('span', { class: 'fleet-legend__dot' }), `${this.i18n.t(`activity.${a}`)} `, el('strong', { text: String(counts[a]), data: { testid: `fleet-${a}` } })),
      ),
      el('span', { class: 'fleet-legend__item fleet-legend__item--heat' }, el('span', { class: 'fleet-legend__heat' }), this.i18n.t('planner.demand')),
    );
  }
}
