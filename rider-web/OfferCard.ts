import type { TripView } from '../protocol/trips';
import { el } from '../web/shared/dom';
import { formatClock, formatCountdown, formatDistanceM, formatWindow, nowS } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';

/**
 * The offer: when the vehicle comes (a window), how far to walk to where it stops, when the rider arrives,
 * and how long the offer holds. Accept or decline; an offer that runs out says so.
 */
export function offerCard(trip: TripView, i18n: I18n, handlers: { onAccept: () => void; onDecline: () => void; onExpired: () => void }): { root: HTMLElement; dispose: () => void } {
  const t = i18n.t.bind(i18n);
  const lang = i18n.lang;
  const row = (label: string, value: string, testid: string, note?: string) =>
    el('div', { class: 'fact' }, el('dt', { class: 'fact__label', text: label }), el('dd', { class: 'fact__value', text: value, data: { testid } }), note ? el('dd', { class: 'fact__note', text: note }) : null);
  const countdown = el('p', { class: 'countdown', data: { testid: 'offer-countdown' } });
  const accept = el('button', { class: 'button button--primary', text: t('rider.accept'), attrs: { type: 'button' }, data: { testid: 'accept-offer' }, on: { click: () => busy(handlers.onAccept) } });
  const decline = el('button', { class: 'button button--secondary', text: t('rider.decline'), attrs: { type: 'button' }, data: { testid: 'decline-offer' }, on: { click: () => busy(handlers.onDecline) } });
  const busy = (fn: () => void) => {
    accept.disabled = true;
    decline.disabled = true;
    fn();
  };
  const walk = trip.walkToPickupM ?? 0;
  const walkFrom = trip.walkFromDropoffM ?? 0;
  const minutes = (m: number) => Math.max(1, Math.round(m / 80));
  // A meeting point's walk carries the minutes counted in the promise.
  const toMeeting = trip.walks?.toPickup;
  const fromMeeting = trip.walks?.fromDropoff;
  const walkMinutes = (s: number) => Math.max(1, Math.ceil(s / 60));
  const root = el(
    'section',
    { class: 'card offer', data: { testid: 'offer' }, attrs: { 'aria-live': 'polite' } },
    el('h2', { class: 'card__title', text: t('rider.offerTitle') }),
    el(
      'dl',
      { class: 'facts' },
      trip.promisedPickup ? row(t('rider.pickupWindow'), formatWindow(trip.promisedPickup.earliestS, trip.promisedPickup.latestS, lang), 'offer-window', t('rider.pickupWindowNote')) : null,
      toMeeting
        ? row(t('rider.walk'), t('rider.meet.walkTo', { distance: formatDistanceM(toMeeting.distanceM, lang), minutes: walkMinutes(toMeeting.durationS) }), 'offer-walk', t('rider.meet.walkNote'))
        : row(t('rider.walk'), walk < 15 ? t('rider.noWalk') : t('rider.walkValue', { distance: formatDistanceM(walk, lang), minutes: minutes(walk) }), 'offer-walk'),
      fromMeeting
        ? row(t('rider.walkFromDropoff'), t('rider.meet.walkFrom', { distance: formatDistanceM(fromMeeting.distanceM, lang), minutes: walkMinutes(fromMeeting.durationS) }), 'offer-walk-from')
        : row(t('rider.walkFromDropoff'), walkFrom < 15 ? t('rider.noWalkFrom') : t('rider.walkFromValue', { distance: formatDistanceM(walkFrom, lang), minutes: minutes(walkFrom) }), 'offer-walk-from'),
      trip.promisedArrivalBy ? row(t('rider.arriveBy'), formatClock(trip.promisedArrivalBy, lang), 'offer-arrival') : null,
      row(t('rider.party'), i18n.party(trip.passengers, trip.wheelchairs), 'offer-party'),
    ),
    countdown,
    el('div', { class: 'actions' }, decline, accept),
  );
  const tick = () => {
    const left = (trip.offerExpiresAt ?? nowS()) - nowS();
    countdown.textContent = t('rider.offerExpiresIn', { time: formatCountdown(left) });
    countdown.classList.toggle('countdown--urgent', left <= 15);
    if (left <= 0) {
      clearInterval(timer);
      handlers.onExpired();
    }
  };
  const timer = setInterval(tick, 1000);
  tick();
  return { root, dispose: () => clearInterval(timer) };
}
