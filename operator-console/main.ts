import 'leaflet/dist/leaflet.css';
import '../web/styles/base.css';
import '../web/styles/map.css';
import './operator.css';
import type { BoardResponse, BoardTrip, BoardVehicle } from '../protocol/board';
import type { ServerMessage } from '../protocol/realtime';
import { useSession } from '../web/shared/apiClient';
import { createBaseMap } from '../web/shared/baseMap';
import { renderConnection } from '../web/shared/connectionBanner';
import { describeError } from '../web/shared/describeError';
import { byId, el, render } from '../web/shared/dom';
import { formatClock, nowS, parseLocalDateTime, toLocalDateTimeValue } from '../web/shared/format';
import { I18n, languageSwitch } from '../web/shared/i18n/I18n';
import { RealtimeClient } from '../web/shared/RealtimeClient';
import { Session } from '../web/shared/session';
import { ActionDialog, dialogField } from './ActionDialog';
import { AuditTrail } from './AuditTrail';
import { BoardMap } from './BoardMap';
import { openManualAssignment } from './ManualAssignment';
import { operatorApi } from './operatorApi';
import { PhoneBooking } from './PhoneBooking';
import { TripBoard } from './TripBoard';
import { VehicleBoard } from './VehicleBoard';
import { ZoneEditor } from './ZoneEditor';

/** The board is fetched again at most this often on fleet pushes, and at least this often without them (offers come and go). */
const REFRESH_GAP_MS = 1000;
const POLL_MS = 5000;
/** A shift started from the console runs this long unless the operator says otherwise. */
const DEFAULT_SHIFT_S = 8 * 3600;

const TABS = ['board', 'vehicles', 'booking', 'zones', 'audit'] as const;
type Tab = (typeof TABS)[number];

// An operator's token: on the demo a development token; the console sees riders' names, so it is operators' only.
const session = new Session({ role: 'operator' });
useSession(session);
const i18n = new I18n();
i18n.applyTo(document.body);
byId('lang').append(languageSwitch(i18n));
const connection = byId('connection');
const errorBox = byId('error');
const notice = byId('notice');
const updated = byId('updated');
const mapHint = byId('map-hint');
const dialog = new ActionDialog(byId<HTMLDialogElement>('dialog'), i18n);
const base = createBaseMap(byId('map'), { zoom: 13, keepNetworkInView: true });

let board: BoardResponse | null = null;
let selectedTrip: string | null = null;
let selectedVehicle: string | null = null;
const query = new URLSearchParams(location.search);
let tab: Tab = (TABS as readonly string[]).includes(query.get('tab') ?? '') ? (query.get('tab') as Tab) : 'board';

function showError(e: unknown): void {
  errorBox.textContent = describeError(e, i18n);
  errorBox.hidden = false;
  notice.hidden = true;
}

function say(text: string): void {
  notice.textContent = text;
  notice.hidden = false;
  errorBox.hidden = true;
}

const map = new BoardMap(base, i18n, (id) => {
  const v = board?.vehicles.find((x) => x.id === id);
  if (v) selectVehicle(v);
});

const trips = new TripBoard(
  i18n,
  {
    select: (trip) => {
      selectedTrip = trip.id === selectedTrip ? null : trip.id;
      trips.setSelected(selectedTrip);
      map.showTrip(selectedTrip ? trip : null);
    },
    move: (trip) =>
      openManualAssignment(dialog, i18n, trip, board?.vehicles ?? [], (vehicleId) => {
        say(i18n.t('operator.moved', { trip: trip.id, vehicle: vehicleId }));
        void refresh();
      }),
    togglePin: (trip) => void togglePin(trip),
    cancel: (trip) => cancelTrip(trip),
    accept: (trip) =>
      void operatorApi.accept(trip.id).then(
        () => (say(i18n.t('operator.acceptedFor', { trip: trip.id })), void refresh()),
        showError,
      ),
  },
);

const vehicles = new VehicleBoard(i18n, {
  select: (v) => selectVehicle(v),
  startShift: (v) => startShift(v),
  endShift: (v) => endShift(v),
  outOfService: (v) => outOfService(v),
  scheduleBreak: (v) => scheduleBreak(v),
  edit: (v) => editVehicle(v),
});

const booking = new PhoneBooking(i18n, map, {
  onBooked: (trip) => {
    say(i18n.t('operator.bookedNotice', { trip: trip.id, vehicle: trip.vehicleId ?? '—' }));
    void refresh();
  },
  onError: showError,
});
const zones = new ZoneEditor(i18n, map, { onError: showError, onNotice: say });
const audit = new AuditTrail(i18n, showError);

const panels: Record<Tab, HTMLElement> = { board: trips.root, vehicles: vehicles.root, booking: booking.root, zones: zones.root, audit: audit.root };
const panelsNode = byId('panels');
for (const t of TABS) {
  const node = el('div', { class: 'tab-panel', attrs: { role: 'tabpanel', id: `panel-${t}`, 'aria-labelledby': `tab-${t}` }, data: { testid: `panel-${t}` } }, panels[t]);
  panelsNode.append(node);
}

function drawTabs(): void {
  render(
    byId('tabs'),
    ...TABS.map((t) =>
      el('button', {
        class: `tab${t === tab ? ' tab--on' : ''}`,
        text: i18n.t(`operator.tab.${t}`),
        attrs: { type: 'button', role: 'tab', id: `tab-${t}`, 'aria-selected': String(t === tab), 'aria-controls': `panel-${t}`, tabindex: t === tab ? '0' : '-1' },
        data: { testid: `tab-${t}` },
        on: {
          click: () => setTab(t),
          keydown: (e) => {
            const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (!step) return;
            const next = TABS[(TABS.indexOf(t) + step + TABS.length) % TABS.length]!;
            setTab(next);
            byId(`tab-${next}`).focus();
          },
        },
      }),
    ),
  );
  for (const t of TABS) byId(`panel-${t}`).hidden = t !== tab;
}

function setTab(next: Tab): void {
  const before = tab;
  if (before !== next) {
    notice.hidden = true;
    errorBox.hidden = true;
  }
  tab = next;
  drawTabs();
  if (before === 'booking' && next !== 'booking') booking.setVisible(false);
  if (before === 'zones' && next !== 'zones') void zones.setVisible(false);
  if (next === 'booking') booking.setVisible(true);
  if (next === 'zones') void zones.setVisible(true);
  if (next === 'audit') void audit.reload();
  mapHint.hidden = next !== 'booking' && next !== 'zones';
  mapHint.textContent = next === 'booking' ? i18n.t('operator.mapHintBooking') : next === 'zones' ? i18n.t('operator.mapHintZones') : '';
}

function selectVehicle(v: BoardVehicle): void {
  selectedVehicle = v.id === selectedVehicle ? null : v.id;
  vehicles.setSelected(selectedVehicle);
  map.showVehicle(selectedVehicle ? v : null);
}

let refreshing: Promise<void> | null = null;
let lastRefreshMs = 0;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** Fetches the board now (one call at a time). */
function refresh(): Promise<void> {
  refreshing ??= operatorApi
    .board()
    .then((b) => {
      board = b;
      lastRefreshMs = Date.now();
      trips.setTrips(b.trips);
      vehicles.setVehicles(b.vehicles);
      map.setVehicles(b.vehicles);
      map.showAlerts(b.trips);
      const trip = selectedTrip ? b.trips.find((t) => t.id === selectedTrip) : undefined;
      if (selectedTrip && !trip) selectedTrip = null;
      updated.textContent = i18n.t('operator.updated', { time: formatClock(b.atS, i18n.lang) });
      updated.dataset.atS = String(b.atS);
    }, showError)
    .finally(() => (refreshing = null));
  return refreshing;
}

/** A refresh soon: at once if the last one is old enough, else after the gap. */
function refreshSoon(): void {
  if (refreshTimer) return;
  const wait = Math.max(0, lastRefreshMs + REFRESH_GAP_MS - Date.now());
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void refresh();
  }, wait);
}

async function togglePin(trip: BoardTrip): Promise<void> {
  try {
    if (trip.pinnedBy) {
      await operatorApi.unpin(trip.id);
      say(i18n.t('operator.unpinnedNotice', { trip: trip.id }));
    } else {
      await operatorApi.pin(trip.id);
      say(i18n.t('operator.pinnedNotice', { trip: trip.id, vehicle: trip.vehicleId ?? '—' }));
    }
    await refresh();
  } catch (e) {
    showError(e);
  }
}

function reasonInput(id: string): HTMLTextAreaElement {
  return el('textarea', { attrs: { id, rows: '2', maxlength: '200', 'aria-required': 'true' }, data: { testid: id } });
}

function cancelTrip(trip: BoardTrip): void {
  const reason = reasonInput('cancel-reason');
  dialog.open({
    title: i18n.t('operator.cancelTitle', { trip: trip.riderName || trip.id }),
    testid: 'cancel-dialog',
    tone: 'danger',
    body: [el('p', { class: 'muted', text: i18n.t('operator.cancelNote') }), dialogField('cancel-reason', i18n.t('operator.reason'), reason)],
    confirmLabel: i18n.t('operator.cancelTrip'),
    onConfirm: async () => {
      if (!reason.value.trim()) {
        dialog.fail(new Error(i18n.t('operator.needReason')));
        return false;
      }
      await operatorApi.cancel(trip.id, reason.value.trim());
      say(i18n.t('operator.cancelled', { trip: trip.id }));
      void refresh();
    },
  });
}

function startShift(v: BoardVehicle): void {
  const ends = el('input', { attrs: { type: 'datetime-local', value: toLocalDateTimeValue(nowS() + DEFAULT_SHIFT_S) }, data: { testid: 'shift-ends' } });
  dialog.open({
    title: i18n.t('operator.startShiftTitle', { vehicle: v.name }),
    testid: 'shift-dialog',
    body: [dialogField('shift-ends', i18n.t('operator.shiftEndsAt'), ends)],
    confirmLabel: i18n.t('operator.startShift'),
    onConfirm: async () => {
      const endsAt = parseLocalDateTime(ends.value);
      if (endsAt === null || endsAt <= nowS()) {
        dialog.fail(new Error(i18n.t('operator.needLaterTime')));
        return false;
      }
      await operatorApi.startShift(v.id, endsAt);
      say(i18n.t('operator.shiftStarted', { vehicle: v.name }));
      void refresh();
    },
  });
}

function endShift(v: BoardVehicle): void {
  dialog.open({
    title: i18n.t('operator.endShiftTitle', { vehicle: v.name }),
    testid: 'end-shift-dialog',
    body: [el('p', { class: 'muted', text: i18n.t('operator.endShiftNote', { count: v.stopsPlanned }) })],
    confirmLabel: i18n.t('operator.endShift'),
    onConfirm: async () => {
      await operatorApi.endShift(v.id);
      say(i18n.t('operator.shiftEnded', { vehicle: v.name }));
      void refresh();
    },
  });
}

function outOfService(v: BoardVehicle): void {
  const reason = reasonInput('oos-reason');
  dialog.open({
    title: i18n.t('operator.outOfServiceTitle', { vehicle: v.name }),
    testid: 'oos-dialog',
    tone: 'danger',
    body: [el('p', { class: 'muted', text: i18n.t('operator.outOfServiceNote') }), dialogField('oos-reason', i18n.t('operator.reason'), reason)],
    confirmLabel: i18n.t('operator.outOfService'),
    onConfirm: async () => {
      if (!reason.value.trim()) {
        dialog.fail(new Error(i18n.t('operator.needReason')));
        return false;
      }
      const result = await operatorApi.outOfService(v.id, reason.value.trim());
      say(
        i18n.t('operator.outOfServiceDone', {
          vehicle: v.name,
          kept: result.replanned.length,
          moved: result.moved.length,
          left: result.unserved.length + result.onBoard.length,
        }),
      );
      void refresh();
    },
  });
}

function scheduleBreak(v: BoardVehicle): void {
  const start = nowS() + 30 * 60;
  const from = el('input', { attrs: { type: 'datetime-local', value: toLocalDateTimeValue(start) }, data: { testid: 'break-from' } });
  const to = el('input', { attrs: { type: 'datetime-local', value: toLocalDateTimeValue(start + 20 * 60) }, data: { testid: 'break-to' } });
  dialog.open({
    title: i18n.t('operator.breakTitle', { vehicle: v.name }),
    testid: 'break-dialog',
    body: [el('p', { class: 'muted', text: i18n.t('operator.breakNote') }), dialogField('break-from', i18n.t('operator.breakFrom'), from), dialogField('break-to', i18n.t('operator.breakTo'), to)],
    confirmLabel: i18n.t('operator.scheduleBreak'),
    onConfirm: async () => {
      const startsAt = parseLocalDateTime(from.value);
      const endsAt = parseLocalDateTime(to.value);
      if (startsAt === null || endsAt === null || endsAt <= startsAt) {
        dialog.fail(new Error(i18n.t('operator.needBreakWindow')));
        return false;
      }
      await operatorApi.scheduleBreak(v.id, startsAt, endsAt);
      say(i18n.t('operator.breakScheduled', { vehicle: v.name, from: formatClock(startsAt, i18n.lang), to: formatClock(endsAt, i18n.lang) }));
      void refresh();
    },
  });
}

function editVehicle(v: BoardVehicle | null): void {
  const centre = base.map.getCenter();
  const depot = v?.depot ?? [Math.round(centre.lng * 1e6) / 1e6, Math.round(centre.lat * 1e6) / 1e6];
  const input = (id: string, value: string, attrs: Record<string, string> = {}) => el('input', { attrs: { value, ...attrs }, data: { testid: id } });
  const id = input('vehicle-id', v?.id ?? '', { maxlength: '64', pattern: '[A-Za-z0-9_.\\-]+', ...(v ? { readonly: '' } : {}) });
  const name = input('vehicle-name', v?.name ?? '', { maxlength: '80' });
  const seats = input('vehicle-seats', String(v?.seats ?? 6), { type: 'number', min: '1', max: '60' });
  const wheelchairs = input('vehicle-wheelchairs', String(v?.wheelchairPlaces ?? 0), { type: 'number', min: '0', max: '8' });
  const lon = input('vehicle-depot-lon', String(depot[0]), { type: 'number', step: 'any' });
  const lat = input('vehicle-depot-lat', String(depot[1]), { type: 'number', step: 'any' });
  dialog.open({
    title: v ? i18n.t('operator.editVehicleTitle', { vehicle: v.name }) : i18n.t('operator.addVehicle'),
    testid: 'vehicle-dialog',
    body: [
      dialogField('vehicle-id', i18n.t('operator.vehicleId'), id),
      dialogField('vehicle-name', i18n.t('operator.vehicleName'), name),
      el('div', { class: 'booking-form__row' }, dialogField('vehicle-seats', i18n.t('operator.seats'), seats), dialogField('vehicle-wheelchairs', i18n.t('operator.wheelchairPlaces'), wheelchairs)),
      el('div', { class: 'booking-form__row' }, dialogField('vehicle-depot-lon', i18n.t('operator.depotLon'), lon), dialogField('vehicle-depot-lat', i18n.t('operator.depotLat'), lat)),
    ],
    confirmLabel: i18n.t('operator.saveVehicle'),
    onConfirm: async () => {
      const vehicleId = id.value.trim();
      if (!/^[A-Za-z0-9_.-]+$/.test(vehicleId)) {
        dialog.fail(new Error(i18n.t('operator.needVehicleId')));
        return false;
      }
      await operatorApi.saveVehicle(vehicleId, {
        name: name.value.trim() || vehicleId,
        seats: Math.round(Number(seats.value)),
        wheelchairPlaces: Math.round(Number(wheelchairs.value)),
        depot: [Number(lon.value), Number(lat.value)],
      });
      say(i18n.t('operator.vehicleSaved', { vehicle: vehicleId }));
      void refresh();
    },
  });
}

const realtime = new RealtimeClient({
  // Operators open the planner channel: the whole fleet, its positions, and a push whenever a schedule changes.
  hello: async () => ({ role: 'planner', token: await session.token() }),
  renewToken: () => session.renew(),
  onMessage: (m: ServerMessage) => {
    if (m.type === 'fleet') refreshSoon();
    else if (m.type === 'vehicle_position') map.moveVehicle(m.vehicleId, m.location);
  },
  onStatus: (s) => renderConnection(connection, s, i18n),
});
renderConnection(connection, realtime.status, i18n);

i18n.onChange(() => {
  drawTabs();
  setTab(tab);
  renderConnection(connection, realtime.status, i18n);
  if (board) updated.textContent = i18n.t('operator.updated', { time: formatClock(board.atS, i18n.lang) });
  if (board) map.setVehicles(board.vehicles);
});

drawTabs();
setTab(tab);
void refresh();
setInterval(() => void refresh(), POLL_MS);
realtime.start();
