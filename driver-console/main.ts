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
}

let current: ConsoleState | null = null;

function draw(): void {
  const s = current;
  document.body.dataset.signedIn = String(Boolean(s));
  if (!s) {
    vehicleLabel.textContent = '';
    signOutButton.hidden = true;
    banner.hidden = true;
    connection.hidden = true;
    render(panel, signInForm(i18n, signIn));
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
  render(
    panel,
    s.error ? el('div', { class: 'alert', text: s.error, attrs: { role: 'alert' }, data: { testid: 'driver-error' } }) : null,
    shiftCard(s.manifest, i18n, { busy: s.busy, connected, gps: gpsText }, { onStart: (endsAt) => void act({ type: 'shift', action: 'start', endsAt }), onEnd: () => void act({ type: 'shift', action: 'end' }) }),
    nextStopCard(s.manifest, i18n, { busy: s.busy, connected }, (tripId, event) => void act({ type: 'stop_event', tripId, event })),
    manifestList(s.manifest, i18n),
  );
}

type Action = { type: 'shift'; action: 'start' | 'end'; endsAt?: number } | { type: 'stop_event'; tripId: string; event: StopEvent };

/** Sends a report and waits for its ack; the manifest that follows shows the result. */
async function act(action: Action): Promise<void> {
  const s = current;
  if (!s || s.busy) return;
  s.busy = true;
  s.error = null;
  draw();
  try {
    await s.realtime.request(action);
  } catch (e) {
    // A report repeated after a lost ack finds its stop already done: the manifest shows the truth, no error needed.
    const alreadyDone = action.type === 'stop_event' && e instanceof RealtimeFailure && (e.code === 'StopEventOutOfOrder' || e.code === 'StopNotOnVehicle') && !isNextStop(s, action.tripId, action.event);
    if (!alreadyDone) s.error = describeError(e, i18n);
  } finally {
    s.busy = false;
    draw();
  }
}

/** True while the stop this report is about is still the one the manifest puts next. */
function isNextStop(s: ConsoleState, tripId: string, event: StopEvent): boolean {
  const kind = event === 'arrived_dropoff' || event === 'dropped_off' ? 'dropoff' : 'pickup';
  const next = s.manifest?.stops[0];
  return next?.tripId === tripId && next.kind === kind;
}

function onMessage(s: ConsoleState, m: ServerMessage): void {
  if (m.type === 'manifest' && m.manifest.vehicleId === s.vehicleId) {
    s.manifest = m.manifest;
    s.map.showManifest(m.manifest);
    if (m.manifest.onShift && s.gps !== 'simulated') s.reporter.start();
    draw();
  } else if (m.type === 'vehicle_position' && m.vehicleId === s.vehicleId) {
    s.map.moveVehicle(m.location, m.headingDeg);
  } else if (m.type === 'error') {
    s.error = describeError(new Error(i18n.error(m.error.code, m.error.message)), i18n);
    draw();
  }
}

const base = createBaseMap(byId('map'), { zoom: 15 });

function signIn(vehicleId: string): void {
  signedInVehicle.set(vehicleId);
  // The token names the vehicle (on the demo, a development token for it); the hello's vehicleId must match it.
  const session = new Session({ role: 'driver', vehicleId });
  const send = (fix: GpsFix): boolean => {
    if (!current) return false;
    current.map.moveVehicle(fix.location, fix.headingDeg ?? null);
    return current.realtime.send({ type: 'position', ...fix });
  };
  const state: ConsoleState = {
    vehicleId,
    manifest: null,
    busy: false,
    error: null,
    gps: 'off',
    map: new DriverMap(base, vehicleId),
    reporter: new GpsReporter(send, (gps) => {
      if (current && current.gps !== 'simulated') current.gps = gps;
      draw();
    }),
    realtime: new RealtimeClient({
      hello: async () => ({ role: 'driver', vehicleId, token: await session.token() }),
      renewToken: () => session.renew(),
      onMessage: (m) => current && onMessage(current, m),
      onStatus: (_status: ConnectionStatus) => draw(),
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

function signOut(): void {
  current?.realtime.stop();
  current?.reporter.stop();
  current = null;
  signedInVehicle.set(null);
  delete window.anystopDriver;
  location.reload();
}

signOutButton.addEventListener('click', signOut);
i18n.onChange(draw);
const remembered = new URLSearchParams(location.search).get('vehicle') ?? signedInVehicle.get();
if (remembered) signIn(remembered);
else draw();
