import L from 'leaflet';
import { toLatLng } from '../web/shared/baseMap';
import { el, render } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';
import type { BoardMap } from './BoardMap';
import { closedRing } from './closedRing';
import { operatorApi, type ServiceArea } from './operatorApi';

/** The fewest corners of an area. */
const MIN_CORNERS = 3;

/**
 * Service areas on the map: each drawn, listed, removable; a new one (or a change to one) drawn by clicking its
 * corners, which can then be dragged. Saving a changed area adds the new outline and then removes the old one.
 */
export class ZoneEditor {
  readonly root: HTMLElement;
  private readonly layer = L.layerGroup();
  private readonly draft = L.layerGroup();
  private readonly list = el('ul', { class: 'zone-list', data: { testid: 'zone-list' } });
  private readonly editor = el('div', { class: 'zone-editor', data: { testid: 'zone-editor' } });
  private readonly name: HTMLInputElement;
  private areas: ServiceArea[] = [];
  private corners: [number, number][] | null = null;
  private replacing: ServiceArea | null = null;
  private visible = false;

  constructor(
    private readonly i18n: I18n,
    private readonly map: BoardMap,
    private readonly handlers: { onError: (e: unknown) => void; onNotice: (text: string) => void },
  ) {
    this.name = el('input', { class: 'field__input', attrs: { id: 'zone-name', maxlength: '120', autocomplete: 'off' }, data: { testid: 'zone-name' } });
    this.root = el('section', { class: 'zones', data: { testid: 'zones' } }, this.editor, this.list);
    i18n.onChange(() => this.draw());
  }

  async setVisible(visible: boolean): Promise<void> {
    this.visible = visible;
    if (visible) {
      this.layer.addTo(this.map.map);
      this.draft.addTo(this.map.map);
      await this.reload();
    } else {
      this.layer.remove();
      this.draft.remove();
      this.stopDrawing();
    }
  }

  private async reload(): Promise<void> {
    try {
      this.areas = (await operatorApi.serviceAreas()).features;
    } catch (e) {
      this.handlers.onError(e);
    }
    this.layer.clearLayers();
    for (const a of this.areas) {
      L.geoJSON(a.geometry as GeoJSON.MultiPolygon, { style: () => ({ color: '#0f5bd8', weight: 2, fillOpacity: 0.06, dashArray: a.properties.active ? undefined : '4 4' }), interactive: false }).addTo(this.layer);
    }
    this.draw();
  }

  private startDrawing(from: ServiceArea | null): void {
    this.replacing = from;
    this.corners = from ? from.geometry.coordinates[0]![0]!.slice(0, -1).map((c) => [c[0], c[1]] as [number, number]) : [];
    this.name.value = from?.properties.name ?? '';
    this.map.onClick((at) => {
      this.corners?.push(at);
      this.drawDraft();
      this.draw();
    });
    this.drawDraft();
    this.draw();
  }

  private stopDrawing(): void {
    this.corners = null;
    this.replacing = null;
    this.draft.clearLayers();
    if (this.visible) this.map.onClick(null);
    this.draw();
  }

  private drawDraft(): void {
    this.draft.clearLayers();
    const corners = this.corners;
    if (!corners) return;
    if (corners.length >= 2) L.polygon(corners.map(toLatLng), { color: '#b45309', weight: 2, fillOpacity: 0.12, interactive: false }).addTo(this.draft);
    corners.forEach((c, i) => {
      const handle = L.marker(toLatLng(c), {
        draggable: true,
        keyboard: false,
        icon: L.divIcon({ className: 'zone-corner', iconSize: [14, 14], iconAnchor: [7, 7] }),
      }).addTo(this.draft);
      handle.getElement()?.setAttribute('data-testid', 'zone-corner');
      handle.on('dragend', () => {
        const ll = handle.getLatLng();
        corners[i] = [Math.round(ll.lng * 1e6) / 1e6, Math.round(ll.lat * 1e6) / 1e6];
        this.drawDraft();
      });
    });
  }

  private async save(): Promise<void> {
    const t = this.i18n;
    const corners = this.corners;
    const name = this.name.value.trim();
    if (!corners || corners.length < MIN_CORNERS) return this.handlers.onError(new Error(t.t('operator.zoneNeedsCorners', { count: MIN_CORNERS })));
    if (!name) return this.handlers.onError(new Error(t.t('operator.zoneNeedsName')));
    try {
      await operatorApi.addServiceArea(name, closedRing(corners));
      if (this.replacing) await operatorApi.removeServiceArea(this.replacing.id);
      this.handlers.onNotice(t.t('operator.zoneSaved', { name }));
      this.stopDrawing();
      await this.reload();
    } catch (e) {
      this.handlers.onError(e);
    }
  }

  private async remove(a: ServiceArea): Promise<void> {
    try {
      await operatorApi.removeServiceArea(a.id);
      this.handlers.onNotice(this.i18n.t('operator.zoneRemoved', { name: a.properties.name }));
      await this.reload();
    } catch (e) {
      this.handlers.onError(e);
    }
  }

  private draw(): void {
    const t = this.i18n;
    const button = (text: string, testid: string, on: () => void, tone = 'secondary', disabled = false) =>
      el('button', { class: `chip-button chip-button--${tone}`, text, attrs: { type: 'button', ...(disabled ? { disabled: '' } : {}) }, data: { testid }, on: { click: () => on() } });
    if (!this.corners) {
      render(this.editor, el('button', { class: 'button button--secondary', text: t.t('operator.drawZone'), attrs: { type: 'button' }, data: { testid: 'zone-draw' }, on: { click: () => this.startDrawing(null) } }));
    } else {
      render(
        this.editor,
        el('p', { class: 'hint', text: t.t('operator.zoneDrawHint'), data: { testid: 'zone-hint' } }),
        el('p', { class: 'muted', text: t.t('operator.zoneCorners', { count: this.corners.length }), data: { testid: 'zone-corners' } }),
        el('div', { class: 'field' }, el('label', { class: 'field__label', text: t.t('operator.zoneName'), attrs: { for: 'zone-name' } }), this.name),
        el(
          'div',
          { class: 'trip-row__actions' },
          button(t.t('operator.zoneUndo'), 'zone-undo', () => (this.corners?.pop(), this.drawDraft(), this.draw()), 'secondary', this.corners.length === 0),
          button(t.t('operator.close'), 'zone-stop', () => this.stopDrawing()),
          button(t.t('operator.zoneSave'), 'zone-save', () => void this.save(), 'primary', this.corners.length < MIN_CORNERS),
        ),
      );
    }
    render(
      this.list,
      ...this.areas.map((a) =>
        el(
          'li',
          { class: 'zone-row', data: { testid: 'zone-row', zoneId: String(a.id) } },
          el('strong', { text: a.properties.name }),
          el('span', { class: 'muted', text: a.properties.active ? t.t('operator.zoneActive') : t.t('operator.zoneInactive') }),
          el('span', { class: 'trip-row__actions' }, button(t.t('operator.zoneEdit'), 'zone-edit', () => this.startDrawing(a)), button(t.t('operator.zoneRemove'), 'zone-remove', () => void this.remove(a), 'danger')),
        ),
      ),
    );
  }
}
