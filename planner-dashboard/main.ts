import 'leaflet/dist/leaflet.css';
import '../web/styles/base.css';
import '../web/styles/map.css';
import './planner.css';
import type { ServerMessage } from '../protocol/realtime';
import { api, useSession } from '../web/shared/apiClient';
import { createBaseMap } from '../web/shared/baseMap';
import { renderConnection } from '../web/shared/connectionBanner';
import { describeError } from '../web/shared/describeError';
import { byId, el, render } from '../web/shared/dom';
import { formatDateTime, nowS } from '../web/shared/format';
import type { MetricsIntervals, PlannerMetrics } from '../protocol/metrics';
import { I18n, languageSwitch } from '../web/shared/i18n/I18n';
import { RealtimeClient } from '../web/shared/RealtimeClient';
import { Session } from '../web/shared/session';
import { FleetMap } from './FleetMap';
import { hourlyTable } from './hourlyTable';
import { ratingsPanel } from './ratingsPanel';
import { kpiCards } from './kpiCards';
import { MetricCharts } from './metricCharts';
import { axisStart, type CustomDays, dayOf, RANGES, type RangeName, type RangeWindow, rangeWindow } from './timeRange';

/** How often the figures are fetched (GET /metrics and /metrics/intervals), and the trip origins for the heatmap. */
const METRICS_POLL_MS = 5000;
const ORIGINS_POLL_MS = 30_000;
/** The browser's time zone: the CSV export writes its times in it, with their offset. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

// A planner's token (on the demo, a development token): metrics, heatmap, export and the fleet, no rider data.
const session = new Session({ role: 'planner' });
useSession(session);
const i18n = new I18n();
i18n.applyTo(document.body);
byId('lang').append(languageSwitch(i18n));
const connection = byId('connection');
const kpis = byId('kpis');
// Riders' ratings (issue 14 §4), right under the headline numbers.
const ratingsBox = el('section', { class: 'card ratings-card', data: { testid: 'ratings' } });
kpis.after(ratingsBox);
const errorBox = byId('error');
const rangePicker = byId('range');
const customBox = byId('custom-range');
const hourly = byId('hourly');
const exportLink = byId<HTMLAnchorElement>('export-csv');
const updated = byId('updated');
const charts = new MetricCharts(i18n);
byId('charts').append(charts.root);
const base = createBaseMap(byId('map'), { zoom: 13, keepNetworkInView: true });
let fleetSeen = false;
const fleet = new FleetMap(base, i18n, () => {
  fleetSeen = true;
  drawKpis();
});
byId('fleet-legend').append(fleet.legend);

const query = new URLSearchParams(location.search);
let range: RangeName = (query.get('range') as RangeName | null) ?? 'today';
if (!RANGES.includes(range)) range = 'today';
let custom: CustomDays = { from: query.get('from') ?? dayOf(nowS()), to: query.get('to') ?? dayOf(nowS()) };
let current: { window: RangeWindow; total: PlannerMetrics; atS: number } | null = null;
let hours: MetricsIntervals | null = null;
let generation = 0;

function showError(e: unknown): void {
  errorBox.textContent = describeError(e, i18n);
  errorBox.hidden = false;
}

const windowNow = (): RangeWindow => rangeWindow(range, nowS(), custom);

function drawRangePicker(): void {
  render(
    rangePicker,
    ...RANGES.map((r) =>
      el('button', {
        class: `segmented__option${r === range ? ' segmented__option--on' : ''}`,
        text: i18n.t(`planner.range.${r}`),
        attrs: { type: 'button', 'aria-pressed': String(r === range) },
        data: { testid: `range-${r}` },
        on: { click: () => setRange(r) },
      }),
    ),
  );
  const w = windowNow();
  exportLink.href = api.tripsCsvUrl({ fromS: w.fromS, toS: w.toS, tz: TIME_ZONE });
  customBox.hidden = range !== 'custom';
  if (range !== 'custom') return render(customBox);
  const input = (id: 'from' | 'to') =>
    el('input', { class: 'field__input', attrs: { type: 'date', id: `custom-${id}`, value: custom[id], max: dayOf(nowS()) }, data: { testid: `custom-${id}` } });
  const from = input('from');
  const to = input('to');
  render(
    customBox,
    el('label', { class: 'field__label', text: i18n.t('planner.customFrom'), attrs: { for: 'custom-from' } }),
    from,
    el('label', { class: 'field__label', text: i18n.t('planner.customTo'), attrs: { for: 'custom-to' } }),
    to,
    el('button', {
      class: 'button button--secondary',
      text: i18n.t('planner.customApply'),
      attrs: { type: 'button' },
      data: { testid: 'custom-apply' },
      on: { click: () => {
        custom = { from: from.value, to: to.value < from.value ? from.value : to.value };
        setRange('custom');
      } },
    }),
  );
}

function drawKpis(): void {
  render(kpis, ...kpiCards(current?.total ?? null, fleetSeen ? fleet.counts() : null, i18n));
  render(ratingsBox, ...ratingsPanel(current?.total.ratings ?? null, i18n));
  updated.textContent = current ? i18n.t('planner.updated', { time: formatDateTime(current.atS, i18n.lang) }) : '';
}

function drawHourly(): void {
  render(hourly, hourlyTable(hours, i18n));
}

/**
 * The range's figures: the whole range for the cards, its intervals for the charts (from where the service
 * started) and its hours for the table. A reply that a newer range overtook is dropped.
 */
async function refresh(): Promise<void> {
  const mine = ++generation;
  const w = windowNow();
  try {
    const total = await api.metrics({ fromS: w.fromS, toS: w.toS });
    const axisMinS = axisStart(range, w, total.serviceStartS);
    const series = await api.metricsIntervals({ fromS: axisMinS, toS: w.toS, stepS: w.stepS });
    // The table: every hour (or day) of chosen days; from the service's start for the ranges that end now.
    const tableFromS = range === 'custom' ? w.fromS : Math.floor(axisMinS / 3600) * 3600;
    const tableStepS = Math.max(3600, w.stepS);
    const byHour = tableFromS === axisMinS && tableStepS === w.stepS ? series : await api.metricsIntervals({ fromS: tableFromS, toS: w.toS, stepS: tableStepS });
    if (mine !== generation) return;
    // New requests: their origins belong on the heatmap now, not at the next slow refresh.
    if (total.requests !== current?.total.requests) void refreshOrigins();
    current = { window: w, total, atS: nowS() };
    hours = byHour;
    errorBox.hidden = true;
    drawKpis();
    charts.setIntervals(series, axisMinS, total);
    drawHourly();
  } catch (e) {
    if (mine === generation) showError(e);
  }
}

async function poll(): Promise<void> {
  // A custom range is whole past days (or today): it is fetched when chosen, and again only while it includes today.
  if (range === 'custom' && windowNow().toS < nowS()) return;
  await refresh();
  drawRangePicker();
}

async function refreshOrigins(): Promise<void> {
  const w = windowNow();
  try {
    fleet.setOrigins((await api.tripOrigins({ fromS: w.fromS, toS: w.toS })).origins);
  } catch (e) {
    showError(e);
  }
}

function setRange(r: RangeName): void {
  range = r;
  drawRangePicker();
  void refresh();
  void refreshOrigins();
}

const realtime = new RealtimeClient({
  // fleetChanges: after a whole fleet message, only the vehicles that changed (10,000 on shift: a few hundred a second).
  hello: async () => ({ role: 'planner', token: await session.token(), fleetChanges: true }),
  renewToken: () => session.renew(),
  onMessage: (m: ServerMessage) => {
    if (m.type === 'fleet') fleet.setFleet(m.vehicles, m.version ?? null);
    else if (m.type === 'fleet_changes') fleet.applyChanges(m);
    else if (m.type === 'vehicle_position') fleet.moveVehicle(m.vehicleId, m.location, m.headingDeg, m.atS);
  },
  onStatus: (s) => renderConnection(connection, s, i18n),
});
renderConnection(connection, realtime.status, i18n);

i18n.onChange(() => {
  drawRangePicker();
  drawKpis();
  drawHourly();
  renderConnection(connection, realtime.status, i18n);
});

// The export needs the token, which a plain link does not carry: fetch it, then hand the browser the file.
exportLink.addEventListener('click', (e) => {
  e.preventDefault();
  const w = windowNow();
  api.tripsCsv({ fromS: w.fromS, toS: w.toS, tz: TIME_ZONE }).then((blob) => {
    const url = URL.createObjectURL(blob);
    const a = el('a', { attrs: { href: url, download: 'anystop-trips.csv' } });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, showError);
});

drawRangePicker();
drawKpis();
drawHourly();
void refresh();
void refreshOrigins();
setInterval(() => void poll(), METRICS_POLL_MS);
setInterval(() => void refreshOrigins(), ORIGINS_POLL_MS);
realtime.start();
