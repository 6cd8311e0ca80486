import { MAX_PASSENGERS, MAX_WHEELCHAIRS, type RiderTripsResponse, type TripView } from '../protocol/trips';
import { api } from '../web/shared/apiClient';
import { describeError } from '../web/shared/describeError';
import { el, render } from '../web/shared/dom';
import { formatClock, formatDistanceM, formatWindow, nowS, parseLocalDateTime } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import { type ChosenPlace, PlaceField } from '../web/shared/PlaceField';
import type { BoardMap } from './BoardMap';
import { operatorApi } from './operatorApi';
import { RecurringBooking, type RideDraft } from './RecurringBooking';

type End = 'origin' | 'destination';

/** A random Idempotency-Key: a request sent twice (a double click, a retry) books once. */
function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Booking by phone: find the rider by their id (a phone number, a card number) or take a new one, the two ends by
 * address search or a click on the map, the party and time; then the offer, which the operator accepts for the rider.
 */
export class PhoneBooking {
  readonly root: HTMLElement;
  private readonly riderId: HTMLInputElement;
  private readonly riderName: HTMLInputElement;
  private readonly passengers: HTMLInputElement;
  private readonly wheelchairs: HTMLInputElement;
  private readonly when: HTMLInputElement;
  private readonly from: PlaceField;
  private readonly to: PlaceField;
  private readonly riderInfo = el('div', { class: 'rider-info', attrs: { 'aria-live': 'polite' }, data: { testid: 'rider-info' } });
  private readonly result = el('div', { class: 'booking-result', attrs: { 'aria-live': 'polite' }, data: { testid: 'booking-result' } });
  private readonly hint = el('p', { class: 'hint', data: { testid: 'booking-hint' } });
  private readonly labels: Record<string, HTMLElement> = {};
  private readonly buttons: { find: HTMLButtonElement; submit: HTMLButtonElement };
  private active: End = 'origin';
  private offer: TripView | null = null;
  private visible = false;

  constructor(
    private readonly i18n: I18n,
    private readonly map: BoardMap,
    private readonly handlers: { onBooked: (trip: TripView) => void; onError: (e: unknown) => void },
  ) {
    const input = (id: string, attrs: Record<string, string> = {}) => el('input', { class: 'field__input', attrs: { id, ...attrs }, data: { testid: id } });
    const label = (key: string, forId: string) => (this.labels[key] = el('label', { class: 'field__label', attrs: { for: forId } }));
    this.riderId = input('book-rider-id', { maxlength: '64', autocomplete: 'off', inputmode: 'tel' });
    // Another rider on the line: what was shown for the last one goes.
    this.riderId.addEventListener('input', () => {
      this.offer = null;
      render(this.result);
      render(this.riderInfo);
    });
    this.riderName = input('book-rider-name', { maxlength: '80', autocomplete: 'off' });
    this.passengers = input('book-passengers', { type: 'number', min: '1', max: String(MAX_PASSENGERS), value: '1' });
    this.wheelchairs = input('book-wheelchairs', { type: 'number', min: '0', max: String(MAX_WHEELCHAIRS), value: '0' });
    this.when = input('book-when', { type: 'datetime-local' });
    const field = (id: End) =>
      new PlaceField(i18n, {
        id: `book-${id}`,
        label: id === 'origin' ? 'operator.bookFrom' : 'operator.bookTo',
        placeholder: 'operator.placePlaceholder',
        onActivate: () => this.activate(id),
        onChange: () => this.placesChanged(id),
        onError: handlers.onError,
        near: () => {
          const c = map.map.getCenter();
          return [c.lng, c.lat];
        },
      });
    this.from = field('origin');
    this.to = field('destination');
    this.buttons = {
      find: el('button', { class: 'button button--secondary', attrs: { type: 'button' }, data: { testid: 'book-find-rider' }, on: { click: () => void this.findRider() } }),
      submit: el('button', { class: 'button button--primary button--block', attrs: { type: 'submit' }, data: { testid: 'book-submit' } }),
    };
    const form = el(
      'form',
      { class: 'booking-form', attrs: { novalidate: '' }, data: { testid: 'booking-form' } },
      el('div', { class: 'field' }, label('operator.riderId', 'book-rider-id'), el('div', { class: 'inline-field' }, this.riderId, this.buttons.find)),
      this.riderInfo,
      el('div', { class: 'field' }, label('operator.riderName', 'book-rider-name'), this.riderName),
      this.from.root,
      this.to.root,
      this.hint,
      el(
        'div',
        { class: 'booking-form__row' },
        el('div', { class: 'field' }, label('operator.passengers', 'book-passengers'), this.passengers),
        el('div', { class: 'field' }, label('operator.wheelchairs', 'book-wheelchairs'), this.wheelchairs),
        el('div', { class: 'field booking-form__when' }, label('operator.pickupAt', 'book-when'), this.when),
      ),
      this.buttons.submit,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      // A place picked with Enter may still be looked up: wait for it, as the rider page does.
      void Promise.all([this.from.settled(), this.to.settled()]).then(() => this.requestOffer());
    });
    const repeat = new RecurringBooking(i18n, () => this.draft());
    this.root = el('section', { class: 'phone-booking', data: { testid: 'phone-booking' } }, form, this.result, repeat.root);
    i18n.onChange(() => this.relabel());
    this.relabel();
    this.activate('origin');
  }

  /** The booking tab is shown: map clicks fill the active end. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.map.onClick(visible ? (at) => this.mapClick(at) : null);
    this.drawPins();
  }

  private relabel(): void {
    const t = this.i18n;
    for (const [key, node] of Object.entries(this.labels)) node.textContent = t.t(key as Parameters<I18n['t']>[0]);
    this.riderId.placeholder = t.t('operator.riderIdPlaceholder');
    this.when.title = t.t('operator.pickupAtNote');
    this.buttons.find.textContent = t.t('operator.findRider');
    this.buttons.submit.textContent = t.t('operator.getOffer');
    this.from.relabel();
    this.to.relabel();
    this.hint.textContent = t.t(this.active === 'origin' ? 'operator.clickForOrigin' : 'operator.clickForDestination');
    if (this.offer) this.showOffer(this.offer);
  }

  private activate(end: End): void {
    this.active = end;
    this.from.setActive(end === 'origin');
    this.to.setActive(end === 'destination');
    this.hint.textContent = this.i18n.t(end === 'origin' ? 'operator.clickForOrigin' : 'operator.clickForDestination');
  }

  private mapClick(at: [number, number]): void {
    const place: ChosenPlace = { location: at, name: null };
    (this.active === 'origin' ? this.from : this.to).set(place);
  }

  private placesChanged(end: End): void {
    this.drawPins();
    if (end === 'origin' && this.from.value && !this.to.value) this.activate('destination');
  }

  private drawPins(): void {
    this.map.showBooking(this.visible ? (this.from.value?.location ?? null) : null, this.visible ? (this.to.value?.location ?? null) : null);
  }

  /** The rider's trips: a known rider shows their upcoming trips; an unknown id is a new rider, made by the booking. */
  private async findRider(): Promise<void> {
    const id = this.riderId.value.trim();
    const t = this.i18n;
    if (!id) return render(this.riderInfo, el('p', { class: 'alert', text: t.t('operator.needRiderId') }));
    let trips: RiderTripsResponse;
    try {
      trips = await api.riderTrips(id);
    } catch (e) {
      return render(this.riderInfo, el('p', { class: 'alert', text: describeError(e, t) }));
    }
    const known = trips.upcoming.length + trips.history.length > 0;
    this.riderInfo.dataset.known = String(known);
    render(
      this.riderInfo,
      el('p', { class: 'rider-info__summary', text: known ? t.t('operator.riderKnown', { upcoming: trips.upcoming.length, past: trips.history.length }) : t.t('operator.riderNew') }),
      trips.upcoming.length
        ? el(
            'ul',
            { class: 'rider-info__trips' },
            ...trips.upcoming.map((trip) =>
              el('li', { data: { testid: 'rider-upcoming' } }, `${formatClock(trip.promisedPickup?.earliestS ?? trip.requestedPickupAt, t.lang)} · ${t.tripState(trip.state)} · ${trip.id}`),
            ),
          )
        : null,
    );
  }

  /** The rider, ends and party as the form has them, or what is missing (in words). */
  private draft(): RideDraft | string {
    const t = this.i18n;
    const riderId = this.riderId.value.trim();
    const origin = this.from.value;
    const destination = this.to.value;
    if (!riderId) return t.t('operator.needRiderId');
    if (!origin) return t.t('operator.needOrigin');
    if (!destination) return t.t('operator.needDestination');
    return {
      riderId,
      riderName: this.riderName.value.trim() || undefined,
      origin: origin.location,
      destination: destination.location,
      passengers: clampInt(this.passengers.value, 1, MAX_PASSENGERS, 1),
      wheelchairs: clampInt(this.wheelchairs.value, 0, MAX_WHEELCHAIRS, 0),
    };
  }

  private async requestOffer(): Promise<void> {
    const t = this.i18n;
    const draft = this.draft();
    if (typeof draft === 'string') return render(this.result, el('p', { class: 'alert', text: draft, data: { testid: 'booking-missing' } }));
    const pickupAt = this.when.value ? (parseLocalDateTime(this.when.value) ?? undefined) : undefined;
    this.buttons.submit.disabled = true;
    try {
      const trip = await api.requestTrip({ ...draft, pickupAt: pickupAt !== undefined && pickupAt > nowS() ? pickupAt : undefined }, randomKey());
      if (trip.state === 'rejected') {
        this.offer = null;
        return render(this.result, el('p', { class: 'alert', text: t.rejection(trip.rejectReason), data: { testid: 'booking-rejected', reason: trip.rejectReason ?? '' } }));
      }
      this.offer = trip;
      this.showOffer(trip);
      this.result.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      render(this.result, el('p', { class: 'alert', text: describeError(e, t) }));
    } finally {
      this.buttons.submit.disabled = false;
    }
  }

  private showOffer(trip: TripView): void {
    const t = this.i18n;
    const lang = t.lang;
    const fact = (label: string, value: string) => el('div', { class: 'fact' }, el('dt', { class: 'fact__label', text: label }), el('dd', { class: 'fact__value', text: value }));
    const booked = trip.state !== 'offered';
    render(
      this.result,
      el(
        'article',
        { class: `card offer${booked ? ' offer--booked' : ''}`, data: { testid: booked ? 'booking-booked' : 'booking-offer', tripId: trip.id } },
        el('h3', { class: 'card__title', text: booked ? t.t('operator.booked', { id: trip.id }) : t.t('operator.offerTitle') }),
        el(
          'dl',
          { class: 'facts' },
          trip.promisedPickup ? fact(t.t('operator.pickupWindowLabel'), formatWindow(trip.promisedPickup.earliestS, trip.promisedPickup.latestS, lang)) : null,
          trip.promisedArrivalBy !== null ? fact(t.t('operator.arriveByLabel'), formatClock(trip.promisedArrivalBy, lang)) : null,
          trip.walkToPickupM !== null ? fact(t.t('operator.walkLabel'), formatDistanceM(trip.walkToPickupM, lang)) : null,
          fact(t.t('operator.partyLabel'), t.party(trip.passengers, trip.wheelchairs)),
          !booked && trip.offerExpiresAt !== null ? fact(t.t('operator.offerHolds'), formatClock(trip.offerExpiresAt, lang)) : null,
          booked && trip.vehicleId ? fact(t.t('operator.vehicleLabel'), trip.vehicleId) : null,
        ),
        booked
          ? null
          : el(
              'div',
              { class: 'offer__buttons' },
              el('button', { class: 'button button--secondary', text: t.t('operator.discardOffer'), attrs: { type: 'button' }, data: { testid: 'booking-discard' }, on: { click: () => void this.discard(trip) } }),
              el('button', { class: 'button button--primary', text: t.t('operator.acceptForRider'), attrs: { type: 'button' }, data: { testid: 'booking-accept' }, on: { click: () => void this.accept(trip) } }),
            ),
      ),
    );
  }

  private async accept(trip: TripView): Promise<void> {
    try {
      const accepted = await operatorApi.accept(trip.id);
      this.offer = accepted;
      this.showOffer(accepted);
      this.handlers.onBooked(accepted);
    } catch (e) {
      this.handlers.onError(e);
    }
  }

  private async discard(trip: TripView): Promise<void> {
    try {
      await operatorApi.cancel(trip.id, 'OfferDeclined');
      this.offer = null;
      render(this.result);
    } catch (e) {
      this.handlers.onError(e);
    }
  }
}

function clampInt(value: string, min: number, max: number, fallback: number): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
