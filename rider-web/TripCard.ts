import { FINAL_TRIP_STATES, type TripState, type TripView, type VehicleBadge } from '../protocol/trips';
import { el } from '../web/shared/dom';
import { formatClock, formatCountdown, formatDistanceM, formatWindow, nowS } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';
import { colourName } from '../web/shared/colourName';

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

/** "Songpa 7 · 12가 3456, blue": the name, the plate and the colour in words when the operator entered them. */
export function vehicleLabel(v: VehicleBadge, i18n: I18n): string {
  const badge = v.plate ? i18n.t('rider.vehicleBadge', { name: v.name, plate: v.plate }) : v.name;
  const colour = colourName(v.colour);
  return colour ? i18n.t('rider.vehicleColoured', { badge, colour: i18n.t(`colour.${colour}`) }) : badge;
}

/** The colour as a swatch beside the words (hidden from screen readers, which read the words). */
export function vehicleSwatch(v: VehicleBadge): HTMLElement | null {
  return v.colour ? el('span', { class: 'vehicle-swatch', attrs: { 'aria-hidden': 'true', style: `background:${v.colour}` } }) : null;
}

/**
 * The booked trip as it happens: its state, the promise, live estimates. A bus waiting at the pickup says so and
 * counts down its wait. Cancelling asks first.
 */
export function tripCard(
  trip: TripView,
  i18n: I18n,
  handlers: { onCancel: () => void; onDone: () => void; onBookAnother: () => void },
  /** Shown under the facts: the rating form after the ride. */
  extra: HTMLElement | null = null,
): { root: HTMLElement; dispose: () => void } {
  const t = i18n.t.bind(i18n);
  const lang = i18n.lang;
  const final = FINAL_TRIP_STATES.has(trip.state);
  const here = trip.state === 'arriving' && trip.vehicleAtPickupSince !== null;
  const guide = GUIDANCE[trip.state];
  const fact = (label: string, value: HTMLElement | string, testid: string) =>
    el('div', { class: 'fact' }, el('dt', { class: 'fact__label', text: label }), typeof value === 'string' ? el('dd', { class: 'fact__value', text: value, data: { testid } }) : el('dd', { class: 'fact__value', data: { testid } }, value));
  const facts: HTMLElement[] = [];
  if (trip.state === 'on_board') {
    const eta = trip.arrivalEta ?? trip.promisedArrivalBy;
    if (eta) facts.push(fact(t('rider.arrivalEta'), formatClock(eta, lang), 'trip-arrival-eta'));
  } else if (!final) {
    if (trip.pickupEta && !here) facts.push(fact(t('rider.pickupEta'), formatClock(trip.pickupEta, lang), 'trip-pickup-eta'));
    if (trip.promisedPickup) facts.push(fact(t('rider.pickupWindow'), formatWindow(trip.promisedPickup.earliestS, trip.promisedPickup.latestS, lang), 'trip-window'));
    if (trip.promisedArrivalBy) facts.push(fact(t('rider.arriveBy'), formatClock(trip.promisedArrivalBy, lang), 'trip-arrive-by'));
  }
  const toMeeting = trip.walks?.toPickup;
  if (toMeeting && !final && trip.state !== 'on_board') {
    facts.push(fact(t('rider.walk'), t('rider.meet.walkTo', { distance: formatDistanceM(toMeeting.distanceM, lang), minutes: Math.max(1, Math.ceil(toMeeting.durationS / 60)) }), 'trip-walk'));
  }
  const fromMeeting = trip.walks?.fromDropoff;
  if (fromMeeting && !final) {
    facts.push(fact(t('rider.walkFromDropoff'), t('rider.meet.walkFrom', { distance: formatDistanceM(fromMeeting.distanceM, lang), minutes: Math.max(1, Math.ceil(fromMeeting.durationS / 60)) }), 'trip-walk-from'));
  }
  if (trip.vehicle && !final) {
    facts.push(fact(t('rider.vehicle'), el('span', { class: 'vehicle-badge' }, vehicleSwatch(trip.vehicle), el('span', { text: vehicleLabel(trip.vehicle, i18n) })), 'trip-vehicle'));
  }

  // Cancel asks first: the button opens a confirmation with "keep" and "yes, cancel".
  const confirm = el('div', { class: 'confirm', attrs: { role: 'alertdialog', 'aria-live': 'assertive' }, data: { testid: 'cancel-confirm' } });
  confirm.hidden = true;
  const cancel = el('button', {
    class: 'button button--danger',
    text: t('rider.cancelTrip'),
    attrs: { type: 'button' },
    data: { testid: 'cancel-trip' },
    on: {
      click: () => {
        cancel.hidden = true;
        confirm.hidden = false;
        keep.focus();
      },
    },
  });
  const keep = el('button', { class: 'button button--secondary', text: t('rider.confirmCancelNo'), attrs: { type: 'button' }, data: { testid: 'cancel-keep' }, on: { click: () => ((confirm.hidden = true), (cancel.hidden = false)) } });
  const yes = el('button', { class: 'button button--danger', text: t('rider.confirmCancelYes'), attrs: { type: 'button' }, data: { testid: 'cancel-confirm-yes' }, on: { click: () => ((yes.disabled = true), (keep.disabled = true), handlers.onCancel()) } });
  confirm.append(el('p', { class: 'confirm__question', text: t('rider.confirmCancel') }), el('div', { class: 'actions' }, keep, yes));

  const wait = el('p', { class: 'countdown trip__wait', data: { testid: 'trip-wait-countdown' } });
  const waitsUntil = trip.waitsUntil;
  const guideText = here ? (waitsUntil !== null ? t('rider.busHereWaits', { time: formatClock(waitsUntil, lang) }) : t('rider.busHere')) : guide ? t(guide) : '';
  const root = el(
    'section',
    { class: `card trip trip--${trip.state}${here ? ' trip--here' : ''}`, data: { testid: 'trip' }, attrs: { 'aria-live': 'polite' } },
    el('p', { class: 'trip__eyebrow', text: t('rider.yourTrip') }),
    el('h2', { class: 'trip__state', text: here ? t('rider.busHere') : i18n.tripState(trip.state), data: { testid: 'trip-state', state: trip.state, atPickup: String(here) } }),
    guideText ? el('p', { class: 'trip__guide', text: guideText, data: { testid: 'trip-guide' } }) : null,
    here && waitsUntil !== null ? wait : null,
    trip.state === 'cancelled' && trip.cancelCode ? el('p', { class: 'trip__note', text: t(`rider.cancel.${trip.cancelCode}`), data: { testid: 'trip-cancel-reason' } }) : null,
    // The promise moved later (it could not be kept): say so, why, and the new window (issue 13).
    !final && trip.promiseMoved && trip.promisedPickup
      ? el('p', {
          class: 'trip__note trip__note--moved',
          attrs: { role: 'status' },
          text: t('rider.promiseMoved', { window: formatWindow(trip.promisedPickup.earliestS, trip.promisedPickup.latestS, lang), why: t(`promise.cause.${trip.promiseMoved.cause}`) }),
          data: { testid: 'trip-promise-moved', cause: trip.promiseMoved.cause },
        })
      : null,
    facts.length ? el('dl', { class: 'facts' }, ...facts) : null,
    extra,
    el(
      'div',
      { class: 'actions' },
      CANCELLABLE.has(trip.state) ? cancel : null,
      // A rider may hold several trips: book the next one while this one is on.
      !final ? el('button', { class: 'button button--secondary', text: t('rider.bookAnother'), attrs: { type: 'button' }, data: { testid: 'book-another' }, on: { click: handlers.onBookAnother } }) : null,
      final ? el('button', { class: 'button button--primary', text: t('rider.bookAnother'), attrs: { type: 'button' }, data: { testid: 'book-another' }, on: { click: handlers.onDone } }) : null,
    ),
    CANCELLABLE.has(trip.state) ? confirm : null,
  );
  let timer: ReturnType<typeof setInterval> | undefined;
  if (here && waitsUntil !== null) {
    const tick = () => {
      const left = waitsUntil - nowS();
      wait.textContent = left > 0 ? t('rider.busHereLeft', { time: formatCountdown(left) }) : t('rider.busHereMayLeave');
      wait.classList.toggle('countdown--urgent', left <= 60);
    };
    tick();
    timer = setInterval(tick, 1000);
  }
  return { root, dispose: () => clearInterval(timer) };
}
