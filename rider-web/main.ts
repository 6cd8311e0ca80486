import 'leaflet/dist/leaflet.css';
import '../web/styles/base.css';
import '../web/styles/map.css';
import './rider.css';
import type { ServerMessage } from '../protocol/realtime';
import { FINAL_TRIP_STATES, type RiderTripsResponse, type TripView } from '../protocol/trips';
import { api, useSession } from '../web/shared/apiClient';
import { createBaseMap, fromLatLng } from '../web/shared/baseMap';
import { renderConnection } from '../web/shared/connectionBanner';
import { byId, el, render } from '../web/shared/dom';
import { describeError } from '../web/shared/describeError';
import { I18n, languageSwitch } from '../web/shared/i18n/I18n';
import { RealtimeClient } from '../web/shared/RealtimeClient';
import { Session } from '../web/shared/session';
import { offerCard } from './OfferCard';
import { RequestForm, type RequestDraft } from './RequestForm';
import { RiderMap } from './RiderMap';
import { currentTripId, randomKey, riderId } from './riderIdentity';
import { tripCard } from './TripCard';
import { tripList } from './TripList';
import { RiderNotices } from './RiderNotices';
import { ratingForm } from './RatingForm';
import type { TripRating } from '../protocol/ratings';
import { serviceSchedule } from './ServiceSchedule';
import type { RecurringTripView, ServiceHoursView } from '../protocol/serviceRules';

/** While the live link is down, the trip is fetched this often instead. */
const POLL_MS = 5000;
/** The vehicles around the rider are refreshed this often. */
const NEARBY_MS = 3000;

type View = { kind: 'plan' } | { kind: 'offer'; trip: TripView } | { kind: 'trip'; trip: TripView };

const i18n = new I18n();
i18n.applyTo(document.body);
byId('lang').append(languageSwitch(i18n));
const panel = byId('panel');
const errorBox = byId('error');
const connection = byId('connection');
const base = createBaseMap(byId('map'));
const mapBox = byId('map');
const sheet = document.querySelector<HTMLElement>('.sheet');
/** How much of the map's bottom the sheet hides (on a phone it overlaps the map's lower edge; beside it, nothing). */
const sheetOverMap = (): number => {
  if (!sheet) return 0;
  const [m, s] = [mapBox.getBoundingClientRect(), sheet.getBoundingClientRect()];
  const overlapsSideways = Math.min(m.right, s.right) - Math.max(m.left, s.left) > 0;
  return overlapsSideways ? Math.max(0, m.bottom - Math.max(m.top, s.top)) : 0;
};
const riderMap = new RiderMap(base, i18n, sheetOverMap);
const me = riderId();
// Who this device rides as: the token's subject is the rider id (on the demo, a development token for it).
const session = new Session({ role: 'rider', riderId: me });
useSession(session);
let view: View = { kind: 'plan' };
// The trip's notifications (the bus is near, at the pickup, the pickup moved, the summary) above the panel.
const notices = new RiderNotices(i18n);
panel.before(notices.root);
/** Ratings this page sent, by trip: the card thanks the rider instead of asking again. */
const ratings = new Map<string, TripRating>();
let disposeView: () => void = () => {};

/**
 * The error on show, kept so a language switch can say it again in the new language: an API failure (by its code), or
 * a sentence of the page's own given as a function that looks it up in the current language.
 */
let shownError: unknown = null;
function showError(e: unknown): void {
  shownError = e;
  errorBox.textContent = typeof e === 'function' ? String((e as () => string)()) : describeError(e, i18n);
  errorBox.hidden = false;
}
function clearError(): void {
  shownError = null;
  errorBox.hidden = true;
}

const form = new RequestForm(i18n, {
  onSubmit: (draft) => void requestRide(draft),
  onPlacesChanged: () => {
    clearError();
    riderMap.setEnds(form.from.value?.location ?? null, form.to.value?.location ?? null);
    riderMap.fit();
  },
  onError: showError,
  onLocate: () => locate(),
  mapCentre: () => fromLatLng(base.map.getCenter()),
});

function locate(): void {
  if (!('geolocation' in navigator)) return showError(() => i18n.t('rider.noGeolocation'));
  navigator.geolocation.getCurrentPosition(
    (p) => form.setPlace('origin', { location: [Math.round(p.coords.longitude * 1e6) / 1e6, Math.round(p.coords.latitude * 1e6) / 1e6], name: null }),
    () => showError(() => i18n.t('rider.noGeolocation')),
    { enableHighAccuracy: true, timeout: 10_000 },
  );
}

/** Vehicles around the rider's pickup (or the map's middle), refreshed while the page is open. */
async function refreshNearby(): Promise<void> {
  const centre = form.from.value?.location ?? fromLatLng(base.map.getCenter());
  try {
    riderMap.setNearby((await api.nearbyVehicles(centre)).vehicles);
  } catch {
    // Offline for a moment: keep the last picture; the connection banner says why.
  }
}
void refreshNearby();
setInterval(() => void refreshNearby(), NEARBY_MS);

function tapMap(location: [number, number]): void {
  if (view.kind !== 'plan') return;
  form.setPlace(form.activeEnd, { location, name: null });
}
base.map.on('click', (e) => tapMap(fromLatLng(e.latlng)));
// A tap at an exact point, as a person's finger would land there (tests and demos; the driver console has the same kind of hook).
(window as unknown as { anystopRider: { tapMap(location: [number, number]): void } }).anystopRider = { tapMap };

function show(next: View): void {
  disposeView();
  disposeView = () => {};
  view = next;
  document.body.dataset.view = next.kind;
  switch (next.kind) {
    case 'plan':
      form.setBusy(false);
      render(panel, form.root, myTrips, schedule);
      void refreshMyTrips();
      riderMap.setEnds(form.from.value?.location ?? null, form.to.value?.location ?? null);
      break;
    case 'offer': {
      const card = offerCard(next.trip, i18n, { onAccept: () => void accept(next.trip), onDecline: () => void decline(next.trip), onExpired: () => expired() });
      disposeView = card.dispose;
      render(panel, card.root);
      riderMap.showTrip(next.trip);
      riderMap.fit();
      break;
    }
    case 'trip': {
      const trip = next.trip;
      const rating = trip.state === 'completed' ? ratingForm(trip.id, i18n, ratings.get(trip.id) ?? null, (stars, comment) => rate(trip.id, stars, comment)) : null;
      const card = tripCard(trip, i18n, { onCancel: () => void cancel(trip), onDone: () => done(), onBookAnother: () => bookAnother() }, rating);
      disposeView = card.dispose;
      render(panel, card.root);
      riderMap.showTrip(next.trip);
      break;
    }
  }
}

async function requestRide(draft: RequestDraft): Promise<void> {
  clearError();
  form.setBusy(true);
  try {
    const trip = await api.requestTrip(
      { riderId: me, riderName: draft.riderName || undefined, origin: draft.origin.location, destination: draft.destination.location, passengers: draft.passengers, wheelchairs: draft.wheelchairs, pickupAt: draft.pickupAt },
      randomKey(),
    );
    if (trip.state === 'rejected') {
      form.setBusy(false);
      return showError(() => i18n.rejection(trip.rejectReason));
    }
    show({ kind: 'offer', trip });
  } catch (e) {
    form.setBusy(false);
    showError(e);
  }
}

async function accept(offer: TripView): Promise<void> {
  clearError();
  try {
    const trip = await api.acceptTrip(offer.id);
    currentTripId.set(trip.id);
    realtime.send({ type: 'follow_trip', tripId: trip.id });
    show({ kind: 'trip', trip });
    riderMap.fit();
  } catch (e) {
    showError(e);
    show({ kind: 'plan' });
  }
}

async function decline(offer: TripView): Promise<void> {
  try {
    await api.declineTrip(offer.id);
  } catch {
    // An offer that cannot be declined any more has lapsed anyway.
  }
  show({ kind: 'plan' });
}

function expired(): void {
  showError(() => i18n.error('OfferExpired'));
  show({ kind: 'plan' });
}

async function cancel(trip: TripView): Promise<void> {
  clearError();
  try {
    onTrip(await api.cancelTrip(trip.id, 'RiderCancelled'));
  } catch (e) {
    showError(e);
    show(view);
  }
}

async function rate(tripId: string, stars: number, comment: string): Promise<TripRating> {
  clearError();
  try {
    const rating = await api.rateTrip(tripId, { stars, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    ratings.set(tripId, rating);
    return rating;
  } catch (e) {
    showError(e);
    throw e;
  }
}

/** The rider's trips under the form: upcoming ones open their card, past ones are listed. */
const myTrips = el('div', { data: { testid: 'my-trips-slot' } });
let myTripsSeen: RiderTripsResponse | null = null;
async function refreshMyTrips(): Promise<void> {
  try {
    myTripsSeen = await api.riderTrips(me);
    drawMyTrips();
  } catch {
    // Offline for a moment: the list comes back with the next plan view.
  }
  // The hours and the recurring trips change rarely: read again at most every few minutes (each view change
  // reading them would spend the rider's request budget, and the rate limit answers 429).
  if (Date.now() - scheduleReadAtMs > SCHEDULE_REFRESH_MS) void refreshSchedule();
}
function drawMyTrips(): void {
  render(myTrips, myTripsSeen ? tripList(myTripsSeen, i18n, (trip) => openTrip(trip)) : null);
  drawSchedule();
}

/** The service hours and the rider's recurring trips, under their trips; a day of a recurring trip can be skipped. */
const schedule = el('div', { data: { testid: 'schedule-slot' } });
let hoursSeen: ServiceHoursView | null = null;
let recurringSeen: RecurringTripView[] = [];
/** How often the service hours and recurring trips are read again while the rider moves between views. */
const SCHEDULE_REFRESH_MS = 5 * 60_000;
let scheduleReadAtMs = -Infinity;
async function refreshSchedule(): Promise<void> {
  scheduleReadAtMs = Date.now();
  try {
    [hoursSeen, recurringSeen] = await Promise.all([api.serviceHours(), api.recurringTrips().then((r) => r.recurringTrips)]);
    drawSchedule();
  } catch {
    // Offline for a moment: read again with the next plan view.
    scheduleReadAtMs = -Infinity;
  }
}
function drawSchedule(): void {
  render(schedule, serviceSchedule(hoursSeen, recurringSeen, i18n, (id, date) => void skipOccurrence(id, date)));
}
async function skipOccurrence(id: string, date: string): Promise<void> {
  try {
    const changed = await api.cancelOccurrence(id, date);
    recurringSeen = recurringSeen.map((r) => (r.id === id ? changed : r));
    drawSchedule();
    void refreshMyTrips();
  } catch (e) {
    showError(e);
  }
}
function openTrip(trip: TripView): void {
  currentTripId.set(trip.id);
  realtime.send({ type: 'follow_trip', tripId: trip.id });
  show({ kind: 'trip', trip });
  riderMap.fit();
}
/** Back to the form with the trip still booked (it stays in the list). */
function bookAnother(): void {
  riderMap.reset();
  show({ kind: 'plan' });
}

function done(): void {
  currentTripId.set(null);
  riderMap.reset();
  show({ kind: 'plan' });
}

/** A newer view of the followed trip, from the live link, polling or an action. */
function onTrip(trip: TripView): void {
  if (view.kind !== 'trip' || view.trip.id !== trip.id) return;
  show({ kind: 'trip', trip });
  if (FINAL_TRIP_STATES.has(trip.state)) {
    currentTripId.set(null);
    riderMap.clearVehicle();
  }
}

const realtime = new RealtimeClient({
  hello: async () => {
    const tripId = currentTripId.get();
    return { role: 'rider', riderId: me, token: await session.token(), ...(tripId ? { tripIds: [tripId] } : {}) };
  },
  renewToken: () => session.renew(),
  onMessage: (m: ServerMessage) => {
    if (m.type === 'trip' && 'riderId' in m.trip) onTrip(m.trip);
    else if (m.type === 'vehicle_position') riderMap.moveVehicle(m.vehicleId, m.location);
    else if (m.type === 'notification') notices.show(m.notification);
  },
  onStatus: (s) => renderConnection(connection, s, i18n),
});
renderConnection(connection, realtime.status, i18n);

setInterval(() => {
  if (view.kind !== 'trip' || realtime.status === 'connected' || FINAL_TRIP_STATES.has(view.trip.state)) return;
  api.getTrip(view.trip.id).then(onTrip, () => {});
}, POLL_MS);

i18n.onChange(() => {
  renderConnection(connection, realtime.status, i18n);
  // What is already on screen is said again in the new language: the card, and the error.
  if (view.kind !== 'plan') show(view);
  else drawMyTrips();
  if (shownError !== null) showError(shownError);
});

async function resume(): Promise<void> {
  const id = currentTripId.get();
  if (!id) return show({ kind: 'plan' });
  try {
    const trip = await api.getTrip(id);
    if (FINAL_TRIP_STATES.has(trip.state) || trip.state === 'offered') {
      currentTripId.set(null);
      return show({ kind: 'plan' });
    }
    show({ kind: 'trip', trip });
    void base.ready.then(() => riderMap.fit());
  } catch {
    currentTripId.set(null);
    show({ kind: 'plan' });
  }
}

show({ kind: 'plan' });
void resume();
realtime.start();
