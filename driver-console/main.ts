import 'leaflet/dist/leaflet.css';
import '../web/styles/base.css';
import '../web/styles/map.css';
import './driver.css';
import type { Manifest, ServerMessage } from '../protocol/realtime';
import type { StopEvent } from '../protocol/trips';
import { createBaseMap } from '../web/shared/baseMap';
import { renderConnection } from '../web/shared/connectionBanner';
import { describeError } from '../web/shared/describeError';
import { byId, el, render } from '../web/shared/dom';
import { I18n, languageSwitch } from '../web/shared/i18n/I18n';
import { type ConnectionStatus, RealtimeClient, RealtimeFailure } from '../web/shared/RealtimeClient';
import { Session } from '../web/shared/session';
import { DriverMap } from './DriverMap';
import { type GpsFix, GpsReporter } from './GpsReporter';
import { manifestList } from './manifestList';
import { nextStopCard } from './NextStopCard';
import { shiftCard } from './shiftCard';
import { signedInVehicle, signInForm } from './signIn';
import { chime } from './chime';
import { type ManifestChange, manifestChange } from './manifestChange';
import { type QueuedReport, StopQueue, withQueued } from './stopQueue';
import { distanceM } from '../routing/geo';
import { maneuverCard } from './turnByTurn/maneuverCard';
import { OffRouteWatch } from './turnByTurn/OffRouteWatch';
import { nowS } from '../web/shared/format';

declare global {
  interface Window {
    /** For a simulator (or a test) driving this console: report a position as the GPS would. */
    anystopDriver?: { reportPosition(location: [number, number], headingDeg?: number): boolean };
  }
}

const i18n = new I18n();
i18n.applyTo(document.body);
byId('lang').append(languageSwitch(i18n));
const panel = byId('panel');
const connection = byId('connection');
const banner = byId('banner');
const vehicleLabel = byId('vehicle-label');
const signOutButton = byId<HTMLButtonElement>('sign-out');

interface ConsoleState {
  vehicleId: string;
  manifest: Manifest | null;
  busy: boolean;
  error: string | null;
  gps: 'on' | 'off' | 'denied' | 'unavailable' | 'simulated';
  realtime: RealtimeClient;
  map: DriverMap;
  reporter: GpsReporter;
  /** Reports made while the link was down, sent in order once it is back. */
  queue: StopQueue;
  /** A report far from the stop, waiting for the driver to confirm it. */
  confirm: { tripId: string; event: StopEvent; awayM: number } | null;
  /** Stops this console reported served: their leaving the manifest is no news. */
  served: Set<string>;
  /** What the last manifest change brought ("2 stops added, 1 moved"). */
  change: ManifestChange | null;
  /** The dispatcher welcomed this vehicle at least once (only then is it remembered on the device). */
  welcomed: boolean;
  /** Counts fixes off the route to the next stop; asks for a new route when the bus has left it. */
  offRoute: OffRouteWatch;
  /** A new route was asked for and has not come yet. */
  rerouting: boolean;
  /** The fix before the last, for a heading when the GPS gives none. */
  previousFix: [number, number] | null;
}

let current: ConsoleState | null = null;
/** Why the last sign-in did not hold (an unknown vehicle id), shown on the form. */
let signInError: { vehicleId: string; message: string } | null = null;

function gpsHelp(s: ConsoleState): HTMLElement | null {
  if (s.gps !== 'denied' && s.gps !== 'unavailable') return null;
  return el(
    'section',
    { class: 'card gps-help', attrs: { role: 'alert' }, data: { testid: 'gps-help' } },
    el('h2', { class: 'card__title', text: i18n.t(s.gps === 'denied' ? 'driver.gpsDeniedTitle' : 'driver.gpsUnavailableTitle') }),
    el('p', { text: i18n.t(s.gps === 'denied' ? 'driver.gpsDeniedHelp' : 'driver.gpsUnavailableHelp') }),
    el('button', { class: 'button button--secondary', text: i18n.t('driver.gpsRetry'), attrs: { type: 'button' }, data: { testid: 'gps-retry' }, on: { click: () => s.reporter.start() } }),
  );
}

function draw(): void {
  const s = current;
  document.body.dataset.signedIn = String(Boolean(s));
  if (!s) {
    vehicleLabel.textContent = '';
    signOutButton.hidden = true;
    banner.hidden = true;
    connection.hidden = true;
    render(panel, signInForm(i18n, signIn, signInError));
    return;
  }
  const status = s.realtime.status;
  const connected = status === 'connected';
  vehicleLabel.textContent = s.vehicleId;
  signOutButton.hidden = false;
  connection.hidden = false;
  renderConnection(connection, status, i18n);
  banner.hidden = connected;
  banner.dataset.status = status;
  banner.textContent = i18n.t(status === 'refused' ? 'driver.bannerRefused' : status === 'connecting' ? 'driver.bannerConnecting' : 'driver.bannerReconnecting');
  const gpsText = i18n.t(`driver.gps.${s.gps}`);
  const manifest = withQueued(s.manifest, s.queue.reports);
  render(
    panel,
    s.error ? el('div', { class: 'alert', text: s.error, attrs: { role: 'alert' }, data: { testid: 'driver-error' } }) : null,
    s.change ? el('div', { class: 'change-note', text: describeChange(s.change), attrs: { role: 'status' }, data: { testid: 'manifest-change' } }) : null,
    gpsHelp(s),
    maneuverCard(manifest, i18n, { alongM: s.map.ahead?.alongM ?? 0, rerouting: s.rerouting, appName: location.origin + location.pathname }),
    shiftCard(s.manifest, i18n, { busy: s.busy, connected, gps: gpsText }, { onStart: (endsAt) => void act({ type: 'shift', action: 'start', endsAt }), onEnd: () => void act({ type: 'shift', action: 'end' }) }),
    nextStopCard(
      manifest,
      i18n,
      { busy: s.busy, connected, nowS: nowS(), remainingM: s.map.remainingM, queued: s.queue.reports.length, confirm: s.confirm },
      {
        onEvent: (tripId, event) => pressStopButton(s, tripId, event),
        onConfirm: () => {
          const c = s.confirm;
          s.confirm = null;
          if (c) void report(s, { tripId: c.tripId, event: c.event, atS: nowS(), ...here(s), confirmOffSite: true });
        },
        onCancelConfirm: () => {
          s.confirm = null;
          draw();
        },
      },
    ),
    manifestList(manifest, i18n),
  );
}

type Action = { type: 'shift'; action: 'start' | 'end'; endsAt?: number };

/** Sends a shift change and waits for its ack; the manifest that follows shows the result. */
async function act(action: Action): Promise<void> {
  const s = current;
  if (!s || s.busy) return;
  s.busy = true;
  s.error = null;
  draw();
  try {
    await s.realtime.request(action);
  } catch (e) {
    s.error = describeError(e, i18n);
  } finally {
    s.busy = false;
    draw();
  }
}

const here = (s: ConsoleState): { location?: [number, number] } => (s.map.busPosition ? { location: s.map.busPosition } : {});
const stopKey = (tripId: string, kind: 'pickup' | 'dropoff') => `${tripId}:${kind}`;
const kindOf = (event: StopEvent): 'pickup' | 'dropoff' => (event === 'arrived_dropoff' || event === 'dropped_off' ? 'dropoff' : 'pickup');

/** A stop button: far from the stop, Arrived and Dropped off ask first; then the report goes (or is queued). */
function pressStopButton(s: ConsoleState, tripId: string, event: StopEvent): void {
  const stop = withQueued(s.manifest, s.queue.reports)?.stops.find((x) => x.tripId === tripId && x.kind === kindOf(event));
  const bus = s.map.busPosition;
  const checks = event === 'arrived_pickup' || event === 'arrived_dropoff' || event === 'dropped_off';
  const awayM = stop && bus ? distanceM(bus, stop.location) : 0;
  if (checks && s.manifest && awayM > s.manifest.offSiteStopM) {
    s.confirm = { tripId, event, awayM };
    draw();
    return;
  }
  void report(s, { tripId, event, atS: nowS(), ...here(s) });
}

/** Sends a stop report now, or queues it (with its time and place) while the link is down. */
async function report(s: ConsoleState, r: QueuedReport): Promise<void> {
  if (s.realtime.status !== 'connected') {
    s.queue.push(r);
    markServed(s, r);
    draw();
    return;
  }
  s.queue.push(r);
  await flush(s);
}

function markServed(s: ConsoleState, r: QueuedReport): void {
  if (r.event === 'picked_up' || r.event === 'dropped_off') s.served.add(stopKey(r.tripId, kindOf(r.event)));
  if (r.event === 'no_show') for (const k of ['pickup', 'dropoff'] as const) s.served.add(stopKey(r.tripId, k));
}

/**
 * Sends the queued reports one at a time, oldest first. One the dispatcher already has (its stop done, as after
 * a lost ack) is dropped quietly: stop events are idempotent in effect. The link dropping again keeps the rest.
 */
async function flush(s: ConsoleState): Promise<void> {
  if (s.busy) return;
  s.busy = true;
  s.error = null;
  draw();
  try {
    while (s.queue.reports.length > 0 && s.realtime.status === 'connected') {
      const r = s.queue.reports[0];
      try {
        await s.realtime.request({ type: 'stop_event', tripId: r.tripId, event: r.event, atS: r.atS, ...(r.location ? { location: r.location } : {}), ...(r.confirmOffSite ? { confirmOffSite: true } : {}) });
        markServed(s, r);
        s.queue.shift();
      } catch (e) {
        if (e instanceof RealtimeFailure && e.code === 'Disconnected') break;
        const alreadyDone = e instanceof RealtimeFailure && (e.code === 'StopEventOutOfOrder' || e.code === 'StopNotOnVehicle') && !isNextStop(s, r.tripId, r.event);
        if (e instanceof RealtimeFailure && e.code === 'StopOffSite' && !r.confirmOffSite) {
          s.confirm = { tripId: r.tripId, event: r.event, awayM: 0 };
        } else if (!alreadyDone) s.error = describeError(e, i18n);
        s.queue.shift();
      }
    }
  } finally {
    s.busy = false;
    draw();
  }
}

/** True while the stop this report is about is still the one the manifest puts next. */
function isNextStop(s: ConsoleState, tripId: string, event: StopEvent): boolean {
  const next = s.manifest?.stops[0];
  return next?.tripId === tripId && next.kind === kindOf(event);
}

function describeChange(c: ManifestChange): string {
  const parts: string[] = [];
  if (c.added) parts.push(i18n.t(c.added === 1 ? 'driver.change.added.one' : 'driver.change.added.other', { count: c.added }));
  if (c.removed) parts.push(i18n.t(c.removed === 1 ? 'driver.change.removed.one' : 'driver.change.removed.other', { count: c.removed }));
  if (c.moved) parts.push(i18n.t('driver.change.moved', { count: c.moved }));
  return parts.join(', ');
}

function onMessage(s: ConsoleState, m: ServerMessage): void {
  if (m.type === 'welcome') {
    if (!s.welcomed) signedInVehicle.set(s.vehicleId);
    s.welcomed = true;
    signInError = null;
  } else if (m.type === 'manifest' && m.manifest.vehicleId === s.vehicleId) {
    const change = s.manifest ? manifestChange(s.manifest, m.manifest, s.served) : null;
    if (change) {
      s.change = change; // said at each draw, in the language of the moment
      chime();
    }
    s.manifest = m.manifest;
    s.map.showManifest(m.manifest);
    s.offRoute.newRoute();
    s.rerouting = false;
    if (m.manifest.onShift && s.gps !== 'simulated') s.reporter.start();
    draw();
  } else if (m.type === 'vehicle_position' && m.vehicleId === s.vehicleId) {
    s.map.moveVehicle(m.location, m.headingDeg);
    checkOnRoute(s, m.location, m.headingDeg ?? undefined);
    draw();
  } else if (m.type === 'error') {
    s.error = describeError(new Error(i18n.error(m.error.code, m.error.message)), i18n);
    draw();
  }
}

/**
 * After each fix: a bus that has left the route to its next stop (several fixes in a row beyond the limit) asks
 * the dispatcher for a new route from where it is, leaving the way it drives.
 */
function checkOnRoute(s: ConsoleState, at: [number, number], headingDeg: number | undefined): void {
  const before = s.previousFix;
  s.previousFix = [at[0], at[1]];
  const ahead = s.map.ahead;
  if (!ahead || !s.manifest?.stops[0] || s.realtime.status !== 'connected') return;
  if (!s.offRoute.observe(ahead.offM, nowS())) return;
  const heading = headingDeg ?? (before && distanceM(before, at) > MIN_MOVE_FOR_HEADING_M ? bearingDeg(before, at) : undefined);
  s.rerouting = true;
  s.realtime.request({ type: 'reroute', from: [at[0], at[1]], ...(heading === undefined ? {} : { headingDeg: heading }) }).catch(() => {
    // No answer: the watch asks again after its wait if the bus is still off the route.
    if (current === s) s.rerouting = false;
  });
}

/** Below this move (m) between two fixes, their bearing is GPS noise. */
const MIN_MOVE_FOR_HEADING_M = 8;

/** Compass bearing (degrees, 0 = north) from a to b, in a local flat approximation. */
function bearingDeg(a: readonly [number, number], b: readonly [number, number]): number {
  const dx = (b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180);
  const dy = b[1] - a[1];
  return Math.round(((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360);
}

function onStatus(s: ConsoleState, status: ConnectionStatus): void {
  if (status === 'refused' && !s.welcomed) {
    // Dispatch does not know this vehicle: back to the form, with the reason, and nothing remembered.
    signInError = { vehicleId: s.vehicleId, message: i18n.t('driver.unknownVehicle', { id: s.vehicleId }) };
    tearDown();
    draw();
    return;
  }
  if (status === 'connected') {
    // Errors from before the link dropped are stale now; what was queued meanwhile goes out.
    s.error = null;
    void flush(s);
  }
  draw();
}

const base = createBaseMap(byId('map'), { zoom: 15 });

function signIn(vehicleId: string): void {
  // The token names the vehicle (on the demo, a development token for it); the hello's vehicleId must match it.
  const session = new Session({ role: 'driver', vehicleId });
  const send = (fix: GpsFix): boolean => {
    if (!current) return false;
    current.map.moveVehicle(fix.location, fix.headingDeg ?? null);
    const sent = current.realtime.send({ type: 'position', ...fix });
    checkOnRoute(current, fix.location, fix.headingDeg);
    draw();
    return sent;
  };
  const state: ConsoleState = {
    vehicleId,
    manifest: null,
    busy: false,
    error: null,
    gps: 'off',
    queue: new StopQueue(`anystop.stopQueue.${vehicleId}`),
    confirm: null,
    served: new Set(),
    change: null,
    welcomed: false,
    offRoute: new OffRouteWatch(),
    rerouting: false,
    previousFix: null,
    map: new DriverMap(base, vehicleId),
    reporter: new GpsReporter(send, (gps) => {
      if (current && current.gps !== 'simulated') current.gps = gps;
      draw();
    }),
    realtime: new RealtimeClient({
      hello: async () => ({ role: 'driver', vehicleId, token: await session.token() }),
      renewToken: () => session.renew(),
      onMessage: (m) => current && onMessage(current, m),
      onStatus: (status: ConnectionStatus) => current && onStatus(current, status),
    }),
  };
  current = state;
  window.anystopDriver = {
    reportPosition: (location, headingDeg) => {
      if (current && current.gps !== 'simulated') {
        current.reporter.stop();
        current.gps = 'simulated';
        draw();
      }
      return send({ location, ...(headingDeg === undefined ? {} : { headingDeg }) });
    },
  };
  state.realtime.start();
  draw();
}

function tearDown(): void {
  current?.realtime.stop();
  current?.reporter.stop();
  current = null;
  signedInVehicle.set(null);
  delete window.anystopDriver;
}

function signOut(): void {
  tearDown();
  location.reload();
}

// Once a second: the no-show countdown and the age of the change note.
setInterval(() => {
  const stop = current && withQueued(current.manifest, current.queue.reports)?.stops[0];
  if (stop?.noShowAllowedAtS && stop.state === 'arrived' && Math.abs(nowS() - stop.noShowAllowedAtS) <= 2) draw();
}, 1000);

signOutButton.addEventListener('click', signOut);
i18n.onChange(draw);
const remembered = new URLSearchParams(location.search).get('vehicle') ?? signedInVehicle.get();
if (remembered) signIn(remembered);
else draw();
