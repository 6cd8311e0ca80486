import type { BoardVehicle } from '../protocol/board';
import { el, render } from '../web/shared/dom';
import { formatClock } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import { lateness } from './lateness';

export interface VehicleActions {
  select: (v: BoardVehicle) => void;
  startShift: (v: BoardVehicle) => void;
  endShift: (v: BoardVehicle) => void;
  outOfService: (v: BoardVehicle) => void;
  scheduleBreak: (v: BoardVehicle) => void;
  edit: (v: BoardVehicle | null) => void;
}

/** The fleet: each vehicle with its shift, load, lateness and next stops, and what an operator can do with it. */
export class VehicleBoard {
  readonly root: HTMLElement;
  private readonly list = el('ul', { class: 'vehicle-list', data: { testid: 'vehicle-list' } });
  private readonly addButton: HTMLButtonElement;
  private vehicles: BoardVehicle[] = [];
  private selected: string | null = null;

  constructor(
    private readonly i18n: I18n,
    private readonly actions: VehicleActions,
  ) {
    this.addButton = el('button', { class: 'button button--secondary', attrs: { type: 'button' }, data: { testid: 'vehicle-add' }, on: { click: () => actions.edit(null) } });
    this.root = el('section', { class: 'vehicle-board', data: { testid: 'vehicle-board' } }, el('div', { class: 'vehicle-board__toolbar' }, this.addButton), this.list);
    i18n.onChange(() => this.draw());
  }

  setVehicles(vehicles: BoardVehicle[]): void {
    this.vehicles = vehicles;
    this.draw();
  }

  setSelected(id: string | null): void {
    this.selected = id;
    this.draw();
  }

  private draw(): void {
    const t = this.i18n;
    this.addButton.textContent = t.t('operator.addVehicle');
    render(this.list, ...(this.vehicles.length === 0 ? [el('li', { class: 'muted', text: t.t('operator.noVehicles') })] : this.vehicles.map((v) => this.row(v))));
  }

  private row(v: BoardVehicle): HTMLElement {
    const t = this.i18n;
    const lang = t.lang;
    const action = (text: string, testid: string, on: () => void, tone = 'secondary') =>
      el('button', { class: `chip-button chip-button--${tone}`, text, attrs: { type: 'button' }, data: { testid }, on: { click: () => on() } });
    const stops = v.nextStops.map((s) =>
      el(
        'li',
        { class: 'next-stop', data: { testid: 'vehicle-stop', tripId: s.tripId, kind: s.kind } },
        el('span', { class: `kind-badge kind-badge--${s.kind}`, text: t.t(s.kind === 'pickup' ? 'operator.stopPickup' : 'operator.stopDropoff') }),
        el('span', { class: 'next-stop__rider', text: s.riderName || t.t('operator.rider') }),
        el('time', { class: 'next-stop__time', text: formatClock(s.plannedAt, lang) }),
        el('span', { class: `lateness lateness--${s.lateByS > 0 ? 'late' : 'ok'}`, text: lateness(s.lateByS, t) }),
      ),
    );
    return el(
      'li',
      { class: `vehicle-row${v.id === this.selected ? ' vehicle-row--selected' : ''}${v.lateByS !== null && v.lateByS > 0 ? ' vehicle-row--late' : ''}`, data: { testid: 'vehicle-row', vehicleId: v.id, onShift: String(v.onShift), outOfService: String(v.outOfService) } },
      el(
        'button',
        { class: 'vehicle-row__main', attrs: { type: 'button', 'aria-pressed': String(v.id === this.selected) }, on: { click: () => this.actions.select(v) } },
        el('span', { class: 'vehicle-row__head' }, el('strong', { text: v.name }), el('span', { class: 'trip-row__id', text: v.id })),
        el(
          'span',
          { class: 'trip-row__facts' },
          el('span', { class: `badge badge--${v.onShift ? 'on-shift' : 'off-shift'}`, text: v.onShift && v.shiftEndsAt !== null ? t.t('operator.onShiftUntil', { time: formatClock(v.shiftEndsAt, lang) }) : t.t('operator.offShift') }),
          v.outOfService ? el('span', { class: 'badge badge--late', text: t.t('operator.isOutOfService'), data: { testid: 'vehicle-out-of-service' } }) : null,
          el('span', { text: t.t('operator.load', { onBoard: v.onBoard, seats: v.seats }), data: { testid: 'vehicle-load' } }),
          el('span', { text: t.t('operator.stopsPlanned', { count: v.stopsPlanned }) }),
          v.lateByS !== null ? el('span', { class: `lateness lateness--${v.lateByS > 0 ? 'late' : 'ok'}`, text: lateness(v.lateByS, t) }) : null,
        ),
      ),
      stops.length ? el('ol', { class: 'next-stops', attrs: { 'aria-label': t.t('operator.nextStops') } }, ...stops) : null,
      el(
        'span',
        { class: 'trip-row__actions' },
        v.onShift ? action(t.t('operator.endShift'), 'vehicle-end-shift', () => this.actions.endShift(v)) : action(t.t('operator.startShift'), 'vehicle-start-shift', () => this.actions.startShift(v), 'primary'),
        v.onShift ? action(t.t('operator.scheduleBreak'), 'vehicle-break', () => this.actions.scheduleBreak(v)) : null,
        action(t.t('operator.editVehicle'), 'vehicle-edit', () => this.actions.edit(v)),
        v.onShift && !v.outOfService ? action(t.t('operator.outOfService'), 'vehicle-mark-out-of-service', () => this.actions.outOfService(v), 'danger') : null,
      ),
    );
  }
}
