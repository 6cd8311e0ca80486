import { BOARD_COLUMNS, type BoardColumn, type BoardTrip } from '../protocol/board';
import { el, render } from '../web/shared/dom';
import { formatClock, formatWindow } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import { lateness } from './lateness';

export type TripFilter = BoardColumn | 'all';

export interface TripActions {
  select: (trip: BoardTrip) => void;
  move: (trip: BoardTrip) => void;
  togglePin: (trip: BoardTrip) => void;
  cancel: (trip: BoardTrip) => void;
  accept: (trip: BoardTrip) => void;
}

/** Does the trip match the search (rider name or id, trip id, vehicle id)? */
export function matchesSearch(trip: BoardTrip, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [trip.riderName, trip.riderId, trip.id, trip.vehicleId].some((v) => v !== null && v.toLowerCase().includes(needle));
}

/**
 * The trips of the live board: a count per column that filters by it, a search box, and one row per trip with
 * its promise, estimates, lateness and the operator's actions.
 */
export class TripBoard {
  readonly root: HTMLElement;
  private readonly counts = el('div', { class: 'board-columns', attrs: { role: 'group' }, data: { testid: 'board-columns' } });
  private readonly search: HTMLInputElement;
  private readonly searchLabel = el('label', { class: 'sr-only', attrs: { for: 'trip-search' } });
  private readonly list = el('ul', { class: 'trip-list', data: { testid: 'trip-list' } });
  private trips: BoardTrip[] = [];
  private filter: TripFilter = 'all';
  private selected: string | null = null;

  constructor(
    private readonly i18n: I18n,
    private readonly actions: TripActions,
  ) {
    this.search = el('input', { class: 'field__input', attrs: { id: 'trip-search', type: 'search', autocomplete: 'off' }, data: { testid: 'trip-search' }, on: { input: () => this.draw() } });
    this.root = el(
      'section',
      { class: 'trip-board', data: { testid: 'trip-board' } },
      this.counts,
      el('div', { class: 'field trip-board__search' }, this.searchLabel, this.search),
      this.list,
    );
    i18n.onChange(() => this.draw());
  }

  setTrips(trips: BoardTrip[]): void {
    this.trips = trips;
    this.draw();
  }

  setSelected(tripId: string | null): void {
    this.selected = tripId;
    this.draw();
  }

  private draw(): void {
    const t = this.i18n;
    this.search.placeholder = t.t('operator.searchTrips');
    this.searchLabel.textContent = t.t('operator.searchTrips');
    this.counts.setAttribute('aria-label', t.t('operator.columnsLabel'));
    const count = (c: TripFilter) => (c === 'all' ? this.trips.length : this.trips.filter((trip) => trip.column === c).length);
    render(
      this.counts,
      ...(['all', ...BOARD_COLUMNS] as const).map((c) =>
        el(
          'button',
          {
            class: `board-column board-column--${c}${c === this.filter ? ' board-column--on' : ''}`,
            attrs: { type: 'button', 'aria-pressed': String(c === this.filter) },
            data: { testid: `column-${c}` },
            on: { click: () => ((this.filter = c), this.draw()) },
          },
          el('span', { class: 'board-column__label', text: t.t(`operator.column.${c}`) }),
          el('strong', { class: 'board-column__count', text: String(count(c)), data: { testid: `count-${c}` } }),
        ),
      ),
    );
    const shown = this.trips.filter((trip) => (this.filter === 'all' || trip.column === this.filter) && matchesSearch(trip, this.search.value));
    render(this.list, ...(shown.length === 0 ? [el('li', { class: 'muted trip-list__empty', text: t.t('operator.noTrips'), data: { testid: 'no-trips' } })] : shown.map((trip) => this.row(trip))));
  }

  private row(trip: BoardTrip): HTMLElement {
    const t = this.i18n;
    const lang = t.lang;
    const pinned = trip.pinnedBy !== null;
    const facts: (string | null)[] = [
      trip.promisedPickup ? t.t('operator.pickupWindow', { window: formatWindow(trip.promisedPickup.earliestS, trip.promisedPickup.latestS, lang) }) : t.t('operator.requestedFor', { time: formatClock(trip.requestedPickupAt, lang) }),
      trip.pickupEta !== null && trip.state !== 'on_board' ? t.t('operator.pickupEta', { time: formatClock(trip.pickupEta, lang) }) : null,
      trip.arrivalEta !== null ? t.t('operator.arrivalEta', { time: formatClock(trip.arrivalEta, lang) }) : null,
      trip.promisedArrivalBy !== null ? t.t('operator.arriveBy', { time: formatClock(trip.promisedArrivalBy, lang) }) : null,
    ];
    const button = (key: 'operator.move' | 'operator.pin' | 'operator.unpin' | 'operator.cancelTrip' | 'operator.acceptForRider', testid: string, on: () => void, tone = 'secondary') =>
      el('button', { class: `chip-button chip-button--${tone}`, text: t.t(key), attrs: { type: 'button' }, data: { testid }, on: { click: (e) => (e.stopPropagation(), on()) } });
    const assignable = trip.state !== 'requested' && trip.state !== 'offered';
    return el(
      'li',
      {
        class: `trip-row trip-row--${trip.column}${trip.id === this.selected ? ' trip-row--selected' : ''}`,
        data: { testid: 'trip-row', tripId: trip.id, column: trip.column, pinned: String(pinned) },
      },
      el(
        'button',
        { class: 'trip-row__main', attrs: { type: 'button', 'aria-pressed': String(trip.id === this.selected) }, on: { click: () => this.actions.select(trip) } },
        el(
          'span',
          { class: 'trip-row__head' },
          el('strong', { class: 'trip-row__rider', text: trip.riderName || t.t('operator.rider') }),
          el('span', { class: 'trip-row__id', text: trip.id }),
          el('span', { class: `badge badge--${trip.column}`, text: t.t(`operator.column.${trip.column}`), data: { testid: 'trip-column' } }),
          pinned ? el('span', { class: 'badge badge--pinned', text: t.t('operator.pinned'), attrs: { title: t.t('operator.pinnedBy', { who: trip.pinnedBy ?? '' }) }, data: { testid: 'trip-pinned' } }) : null,
          trip.acceptedBy ? el('span', { class: 'badge', text: t.t('operator.bookedByPhone'), attrs: { title: trip.acceptedBy }, data: { testid: 'trip-by-phone' } }) : null,
        ),
        el('span', { class: 'trip-row__facts' }, ...facts.filter((f): f is string => f !== null).map((f) => el('span', { class: 'nowrap', text: f }))),
        el(
          'span',
          { class: 'trip-row__facts' },
          el('span', { text: trip.vehicleId ? t.t('operator.onVehicle', { vehicle: trip.vehicleId }) : t.t('operator.noVehicle'), data: { testid: 'trip-vehicle' } }),
          el('span', { text: t.party(trip.passengers, trip.wheelchairs) }),
          trip.lateByS !== null ? el('span', { class: `lateness lateness--${trip.lateByS > 0 ? 'late' : 'ok'}`, text: lateness(trip.lateByS, t) }) : null,
        ),
      ),
      el(
        'span',
        { class: 'trip-row__actions' },
        trip.state === 'offered' ? button('operator.acceptForRider', 'trip-accept', () => this.actions.accept(trip), 'primary') : null,
        assignable ? button('operator.move', 'trip-move', () => this.actions.move(trip)) : null,
        assignable && trip.state !== 'on_board' ? button(pinned ? 'operator.unpin' : 'operator.pin', pinned ? 'trip-unpin' : 'trip-pin', () => this.actions.togglePin(trip)) : null,
        button('operator.cancelTrip', 'trip-cancel', () => this.actions.cancel(trip), 'danger'),
      ),
    );
  }
}
