import L from 'leaflet';
import 'leaflet.heat';
import type { FleetVehicleView, VehicleActivity } from '../protocol/realtime';
import type { TripOriginsResponse } from '../protocol/pages';
import { type BaseMap, toLatLng } from '../web/shared/baseMap';
import { el, render } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';
import { vehicleIcon } from '../web/shared/markers';

const ACTIVITIES: VehicleActivity[] = ['to_pickup', 'carrying', 'idle', 'off_shift'];

/** The live fleet (planner websocket: fleet snapshots and positions) over the demand heatmap (trip origins). */
export class FleetMap {
  private readonly markers = new Map<string, L.Marker>();
  private readonly vehicles = new Map<string, FleetVehicleView>();
  private readonly heat: L.HeatLayer;
  readonly legend: HTMLElement;

  constructor(
    private readonly base: BaseMap,
    private readonly i18n: I18n,
    private readonly onUpdate: () => void = () => {},
  ) {
    this.heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 16, minOpacity: 0.35 }).addTo(base.map);
    this.legend = el('div', { class: 'fleet-legend', data: { testid: 'fleet-legend' } });
    i18n.onChange(() => this.drawLegend());
    this.drawLegend();
  }

  setFleet(vehicles: FleetVehicleView[]): void {
    const seen = new Set<string>();
    for (const v of vehicles) {
      seen.add(v.id);
      this.vehicles.set(v.id, v);
      this.place(v);
    }
    for (const [id, marker] of this.markers) {
      if (seen.has(id)) continue;
      marker.remove();
      this.markers.delete(id);
      this.vehicles.delete(id);
    }
    this.drawLegend();
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
    this.place(moved);
  }

  setOrigins(origins: TripOriginsResponse['origins']): void {
    this.heat.setLatLngs(origins.map((o) => [o.location[1], o.location[0], 1] as L.HeatLatLngTuple));
  }

  private place(v: FleetVehicleView): void {
    const tooltip = this.i18n.t('planner.vehicleTooltip', { id: v.id, activity: this.i18n.t(`activity.${v.activity}`), onBoard: v.onBoard, stops: v.stops });
    const existing = this.markers.get(v.id);
    if (existing) {
      existing.setLatLng(toLatLng(v.location));
      existing.setIcon(vehicleIcon(v.id, v.activity));
      existing.setTooltipContent(tooltip);
      this.base.labels.schedule(1000);
      return;
    }
    const marker = L.marker(toLatLng(v.location), { icon: vehicleIcon(v.id, v.activity), keyboard: false }).bindTooltip(tooltip, { direction: 'top' }).addTo(this.base.map);
    marker.getElement()?.setAttribute('data-testid', 'fleet-vehicle');
    this.markers.set(v.id, marker);
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
