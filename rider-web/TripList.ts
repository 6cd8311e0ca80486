import type { RiderTripsResponse, TripView } from '../protocol/trips';
import { el } from '../web/shared/dom';
import { formatDateTime } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';

/** The rider's trips: the booked ones to come (each opens its card) and the past ones. */
export function tripList(trips: RiderTripsResponse, i18n: I18n, onOpen: (trip: TripView) => void): HTMLElement {
  const t = i18n.t.bind(i18n);
  const item = (trip: TripView, open: boolean) =>
    el(
      'li',
      { class: 'trip-list__item', data: { testid: open ? 'upcoming-trip' : 'past-trip', tripId: trip.id, state: trip.state } },
      el('span', { class: 'trip-list__when', text: t('rider.tripAt', { time: formatDateTime(trip.promisedPickup?.earliestS ?? trip.requestedPickupAt, i18n.lang), state: i18n.tripState(trip.state) }) }),
      open ? el('button', { class: 'link-button', text: t('rider.openTrip'), attrs: { type: 'button' }, data: { testid: 'open-trip' }, on: { click: () => onOpen(trip) } }) : null,
    );
  const section = (title: string, testid: string, list: TripView[], open: boolean) =>
    el('div', { class: 'trip-list__section', data: { testid } }, el('h3', { class: 'trip-list__title', text: title }), el('ul', { class: 'trip-list__items' }, ...list.map((x) => item(x, open))));
  return el(
    'section',
    { class: 'card trip-list', data: { testid: 'my-trips' } },
    el('h2', { class: 'card__title', text: t('rider.myTrips') }),
    trips.upcoming.length === 0 && trips.history.length === 0 ? el('p', { class: 'hint', text: t('rider.noTrips') }) : null,
    trips.upcoming.length ? section(t('rider.upcoming'), 'upcoming-trips', trips.upcoming, true) : null,
    trips.history.length ? section(t('rider.history'), 'past-trips', trips.history, false) : null,
  );
}
