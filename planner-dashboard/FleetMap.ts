import L from 'leaflet';
import 'leaflet.heat';
import type { FleetVehicleView, VehicleActivity } from '../protocol/realtime';
import type { TripOriginsResponse } from '../protocol/pages';
import { type BaseMap, toLatLng } from '../web/shared/baseMap';
import { el, render } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';
import { vehicleIcon } from '../web/shared/markers';
import { FleetDotsLayer } from './FleetDotsLayer';
import { type FleetChange, FleetStore } from './FleetStore';
import { type FleetRendering, fleetRendering } from './fleetRendering';

const ACTIVITIES: VehicleActivity[] = ['to_pickup', 'carrying', 'idle', 'off_shift'];

const FLEET_PANE = 'fleet';

/** The live fleet (planner websocket: fleet snapshots and positions) over the demand heatmap (trip origins). */
export class FleetMap {
  private readonly store = new FleetStore();
  /** The 'dom' rendering's labelled markers (a few hundred at most); the canvas draws the rest without a layer each. */
  private readonly markers = new Map<string, { marker: L.Marker; activity: VehicleActivity }>();
  private readonly dots: FleetDotsLayer;
  private readonly heat: L.HeatLayer;
  /** One tooltip for the canvas's dots: the vehicle under the pointer, or the one clicked (kept until a click elsewhere). */
  private readonly dotTooltip = L.tooltip({ direction: 'top', offset: [0, -6] });
  private tooltipVehicle: string | null = null;
  private pinned = false;
  private rendering: FleetRendering = 'dom';
  /** The fleet view this page holds (from the last fleet or fleet_changes message), null when unnumbered. */
  private version: number | null = null;
  private seen = false;
  readonly legend: HTMLElement;

  constructor(
    private readonly base: BaseMap,
    private readonly i18n: I18n,
    private readonly onUpdate: () => void = () => {},
  ) {
    // The dots' own pane above the overlays (the road drawing and the heatmap), below the markers and tooltips.
    base.map.createPane(FLEET_PANE).style.zIndex = '450';
    this.dots = new FleetDotsLayer(this.store, FLEET_PANE, (drawn) => (base.map.getContainer().dataset.fleetDrawn = String(drawn)));
    this.heat = L.heatLayer([], { radius: 22, blur: 18, maxZoom: 16, minOpacity: 0.35 }).addTo(base.map);
    skipDrawsOnEmptyCanvas(this.heat);
    this.legend = el('div', { class: 'fleet-legend', data: { testid: 'fleet-legend' } });
    i18n.onChange(() => {
      this.drawLegend();
      if (this.tooltipVehicle) this.dotTooltip.setContent(this.tooltip(this.tooltipVehicle));
    });
    base.map.on('mousemove', (e) => this.hover(e.containerPoint));
    base.map.on('click', (e) => this.pick(e.containerPoint));
    this.drawLegend();
    this.describe();
  }

  /** A `fleet` message: the whole fleet, numbered (`version`) when fleet_changes may follow it. */
  setFleet(vehicles: readonly FleetVehicleView[], version: number | null = null): void {
    this.version = version;
    this.show(this.store.setFleet(vehicles));
  }

  /**
   * A `fleet_changes` message. The server sends one only to a page it knows holds view `since`; one that does not
   * build on what this page has (it never should) is left out, and the next whole fleet message puts the map right.
   */
  applyChanges(m: { since: number; version: number; vehicles: readonly FleetVehicleView[]; removed: readonly string[] }): void {
    if (this.version === null || m.since !== this.version) return;
    this.version = m.version;
    this.show(this.store.applyChanges(m.vehicles, m.removed));
  }

  private show(change: FleetChange): void {
    const rendering = fleetRendering(this.store.size);
    if (rendering !== this.rendering) {
      for (const { marker } of this.markers.values()) marker.remove();
      this.markers.clear();
      if (rendering === 'canvas') this.dots.addTo(this.base.map);
      else {
        this.dots.remove();
        this.closeTooltip();
      }
      this.rendering = rendering;
    }
    if (rendering === 'dom') this.placeMarkers();
    else if (change.added + change.moved + change.restyled + change.removed > 0) this.dots.redraw();
    this.followTooltip();
    this.describe();
    // The legend and the KPI cards only change with the counts (not with every vehicle's move).
    if (change.countsChanged || !this.seen) {
      this.seen = true;
      this.drawLegend();
      this.onUpdate();
    }
  }

  /** Vehicles by what they are doing now. */
  counts(): Record<VehicleActivity, number> {
    return this.store.counts();
  }

  moveVehicle(id: string, location: [number, number], _headingDeg: number | null, _atS: number): void {
    if (!this.store.move(id, location)) return;
    if (this.rendering === 'canvas') {
      this.dots.redraw();
      if (id === this.tooltipVehicle) this.followTooltip();
      return;
    }
    const marker = this.markers.get(id)?.marker;
    if (!marker) return;
    marker.setLatLng(toLatLng(location));
    // A labelled marker that moved: its label may now sit on another's.
    this.base.labels.schedule(1000);
  }

  setOrigins(origins: TripOriginsResponse['origins']): void {
    this.heat.setLatLngs(origins.map((o) => [o.location[1], o.location[0], 1] as L.HeatLatLngTuple));
  }

  private tooltip(id: string): string {
    const slot = this.store.slotOf(id);
    if (slot === undefined) return id;
    const s = this.store;
    return this.i18n.t('planner.vehicleTooltip', { id, activity: this.i18n.t(`activity.${s.activityOf(slot)}`), onBoard: s.onBoard[slot], stops: s.stops[slot] });
  }

  /** The few hundred labelled markers of a small fleet (the 'dom' rendering), made to match the store. */
  private placeMarkers(): void {
    const s = this.store;
    let relabel = false;
    for (let slot = 0; slot < s.size; slot++) {
      const id = s.id(slot);
      const activity = s.activityOf(slot);
      const location: [number, number] = [s.lng[slot], s.lat[slot]];
      const existing = this.markers.get(id);
      if (existing) {
        const at = existing.marker.getLatLng();
        if (at.lat !== location[1] || at.lng !== location[0]) {
          existing.marker.setLatLng(toLatLng(location));
          relabel = true;
        }
        if (existing.activity !== activity) {
          existing.activity = activity;
          existing.marker.setIcon(vehicleIcon(id, activity));
          relabel = true;
        }
        continue;
      }
      // The tooltip's text is made when it opens.
      const marker = L.marker(toLatLng(location), { icon: vehicleIcon(id, activity), keyboard: false }).bindTooltip(() => this.tooltip(id), { direction: 'top' }).addTo(this.base.map);
      marker.getElement()?.setAttribute('data-testid', 'fleet-vehicle');
      this.markers.set(id, { marker, activity });
    }
    for (const [id, { marker }] of this.markers) {
      if (s.slotOf(id) !== undefined) continue;
      marker.remove();
      this.markers.delete(id);
    }
    // A labelled marker that moved: its label may now sit on another's.
    if (relabel) this.base.labels.schedule(1000);
  }

  private hover(point: L.Point): void {
    if (this.rendering !== 'canvas' || this.pinned) return;
    const slot = this.dots.vehicleAt(point);
    this.base.map.getContainer().style.cursor = slot >= 0 ? 'pointer' : '';
    if (slot < 0) return this.closeTooltip();
    this.openTooltip(this.store.id(slot));
  }

  /** A click on a dot keeps its tooltip open (touch screens have no hover); a click elsewhere lets it go. */
  private pick(point: L.Point): void {
    if (this.rendering !== 'canvas') return;
    const slot = this.dots.vehicleAt(point);
    if (slot < 0) {
      this.pinned = false;
      return this.closeTooltip();
    }
    this.pinned = true;
    this.openTooltip(this.store.id(slot));
  }

  private openTooltip(id: string): void {
    const slot = this.store.slotOf(id)!;
    const at = L.latLng(this.store.lat[slot], this.store.lng[slot]);
    if (this.tooltipVehicle !== id) {
      this.tooltipVehicle = id;
      this.dotTooltip.setContent(this.tooltip(id));
    }
    this.dotTooltip.setLatLng(at);
    if (!this.base.map.hasLayer(this.dotTooltip)) this.dotTooltip.addTo(this.base.map);
  }

  private closeTooltip(): void {
    if (this.tooltipVehicle === null) return;
    this.tooltipVehicle = null;
    this.pinned = false;
    this.dotTooltip.remove();
  }

  /** The open tooltip stays on its vehicle as it moves, says what it does now, and goes when the vehicle does. */
  private followTooltip(): void {
    const id = this.tooltipVehicle;
    if (id === null) return;
    const slot = this.store.slotOf(id);
    if (slot === undefined) return this.closeTooltip();
    this.dotTooltip.setLatLng([this.store.lat[slot], this.store.lng[slot]]);
    this.dotTooltip.setContent(this.tooltip(id));
  }

  /** How the fleet is drawn and how many vehicles, on the map's container (read by tests and the load harness). */
  private describe(): void {
    const container = this.base.map.getContainer();
    container.dataset.fleetRendering = this.rendering;
    container.dataset.fleetSize = String(this.rendering === 'dom' ? this.markers.size : this.store.size);
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

/**
 * leaflet.heat reads its canvas back with getImageData, which throws (IndexSizeError) while the canvas is 0 pixels
 * wide or high: a map container that is collapsed or not laid out yet, as during a viewport change. Such a draw is
 * skipped; the layer's next moveend (the map's size change fires one) sizes the canvas and draws.
 */
function skipDrawsOnEmptyCanvas(layer: L.HeatLayer): void {
  const inner = layer as unknown as { _redraw: () => void; _canvas?: HTMLCanvasElement; _frame: unknown };
  const redraw = inner._redraw;
  inner._redraw = function (this: typeof inner): void {
    if (!this._canvas || this._canvas.width === 0 || this._canvas.height === 0) {
      this._frame = null;
      return;
    }
    redraw.call(this);
  };
}
