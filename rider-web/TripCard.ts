import { FINAL_TRIP_STATES, type TripState, type TripView } from '../protocol/trips';
import { el } from '../web/shared/dom';
import { formatClock, formatWindow } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';

/** States in which the rider may still cancel. */
const CANCELLABLE: ReadonlySet<TripState> = new Set(['requested', 'accepted', 'assigned', 'arriving']);

/** A sentence under the state's name, saying what happens next. */
const GUIDANCE: Partial<Record<TripState, TextKey>> = {
  accepted: 'rider.guide.accepted',
  assigned: 'rider.guide.accepted',
  arriving: 'rider.guide.arriving',
  on_board: 'rider.guide.onBoard',
  completed: 'rider.guide.completed',
  cancelled: 'rider.guide.cancelled',
  no_show: 'rider.guide.noShow',
  rejected: 'rider.guide.cancelled',
};

/** The booked trip as it happens: its state, the promise, live estimates; cancel while it is still possible. */
export function tripCard(trip: TripView, i18n: I18n, handlers: { onCancel: () => void; onDone: () => void }): HTMLElement {
  const t = i18n.t.bind(i18n);
  const lang = i18n.lang;
  const final = FINAL_TRIP_STATES.has(trip.state);
  const guide = GUIDANCE[trip.state];
  const fact = (label: string, value: string, testid: string) => el('div', { class: 'fact' }, el('dt', { class: 'fact__label', text: label }), el('dd', { class: 'fact__value', text: value, data: { testid } }));
  const facts: HTMLElement[] = [];
  if (trip.state === 'on_board') {
    const eta = trip.arrivalEta ?? trip.promisedArrivalBy;
    if (eta) facts.push(fact(t('rider.arrivalEta'), formatClock(eta, lang), 'trip-arrival-eta'));
  } else if (!final) {
    if (trip.pickupEta) facts.push(fact(t('rider.pickupEta'), formatClock(trip.pickupEta, lang), 'trip-pickup-eta'));
    if (trip.promisedPickup) facts.push(fact(t('rider.pickupWindow'), formatWindow(trip.promisedPickup.earliestS, trip.promisedPickup.latestS, lang), 'trip-window'));
    if (trip.promisedArrivalBy) facts.push(fact(t('rider.arriveBy'), formatClock(trip.promisedArrivalBy, lang), 'trip-arrive-by'));
  }
  if (trip.vehicleId && !final) facts.push(fact(t('rider.vehicle'), trip.vehicleId, 'trip-vehicle'));

  const cancel = el('button', { class: 'button button--danger', text: t('rider.cancelTrip'), attrs: { type: 'button' }, data: { testid: 'cancel-trip' }, on: { click: () => ((cancel.disabled = true), handlers.onCancel()) } });
  return el(
    'section',
    { class: `card trip trip--${trip.state}`, data: { testid: 'trip' }, attrs: { 'aria-live': 'polite' } },
    el('p', { class: 'trip__eyebrow', text: t('rider.yourTrip') }),
    el('h2', { class: 'trip__state', text: i18n.tripState(trip.state), data: { testid: 'trip-state', state: trip.state } }),
    guide ? el('p', { class: 'trip__guide', text: t(guide) }) : null,
    trip.state === 'cancelled' && trip.cancelReason ? el('p', { class: 'trip__note', text: trip.cancelReason }) : null,
    facts.length ? el('dl', { class: 'facts' }, ...facts) : null,
    el('div', { class: 'actions' }, CANCELLABLE.has(trip.state) ? cancel : null, final ? el('button', { class: 'button button--primary', text: t('rider.bookAnother'), attrs: { type: 'button' }, data: { testid: 'book-another' }, on: { click: handlers.onDone } }) : null),
  );
}
