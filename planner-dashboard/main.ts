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
import { I18n, languageSwitch } from '../web/shared/i18n/I18n';
import { RealtimeClient } from '../web/shared/RealtimeClient';
import { Session } from '../web/shared/session';
import { FleetMap } from './FleetMap';
import { kpiCards } from './kpiCards';
import { MetricCharts, type Sample } from './metricCharts';
import { backfillEnds, RANGES, type RangeName, rangeStart } from './timeRange';

/** How often the figures are fetched (GET /metrics), and the trip origins for the heatmap. */
const METRICS_POLL_MS = 5000;
const ORIGINS_POLL_MS = 30_000;
/** Samples kept per chart (at one each poll, about an hour and a half). */
const MAX_SAMPLES = 1000;

// A planner's token (on the demo, a development token): metrics, heatmap, export and the fleet, no rider data.
const session = new Session({ role: 'planner' });
useSession(session);
const i18n = new I18n();
i18n.applyTo(document.body);
byId('lang').append(languageSwitch(i18n));
const connection = byId('connection');
const kpis = byId('kpis');
const errorBox = byId('error');
const rangePicker = byId('range');
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

let range: RangeName = (new URLSearchParams(location.search).get('range') as RangeName | null) ?? 'today';
if (!RANGES.includes(range)) range = 'today';
let samples: Sample[] = [];
let generation = 0;

function showError(e: unknown): void {
  errorBox.textContent = describeError(e, i18n);
  errorBox.hidden = false;
}

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
  const end = nowS();
  exportLink.href = api.tripsCsvUrl({ fromS: rangeStart(range, end), toS: end + 1 });
}

function drawKpis(): void {
  render(kpis, ...kpiCards(samples[samples.length - 1]?.metrics ?? null, fleetSeen ? fleet.counts() : null, i18n));
  const last = samples[samples.length - 1];
  updated.textContent = last ? i18n.t('planner.updated', { time: formatDateTime(last.atS, i18n.lang) }) : '';
}

async function sample(endS: number): Promise<Sample> {
  return { atS: endS, metrics: await api.metrics({ fromS: rangeStart(range, endS), toS: endS + 1 }) };
}

/** A fresh history for the range: a few samples back in time, then one per poll. */
async function backfill(): Promise<void> {
  const mine = ++generation;
  try {
    const history: Sample[] = [];
    for (const end of backfillEnds(range)) history.push(await sample(end));
    if (mine !== generation) return;
    samples = history;
    errorBox.hidden = true;
    drawKpis();
    charts.setSamples(samples);
  } catch (e) {
    showError(e);
  }
}

async function poll(): Promise<void> {
  const mine = generation;
  try {
    const s = await sample(nowS());
    if (mine !== generation) return;
    // New requests: their origins belong on the heatmap now, not at the next slow refresh.
    if (s.metrics.requests !== samples[samples.length - 1]?.metrics.requests) void refreshOrigins();
    samples = [...samples, s].slice(-MAX_SAMPLES);
    errorBox.hidden = true;
    drawKpis();
    charts.setSamples(samples);
    drawRangePicker();
  } catch (e) {
    showError(e);
  }
}

async function refreshOrigins(): Promise<void> {
  const end = nowS();
  try {
    fleet.setOrigins((await api.tripOrigins({ fromS: rangeStart(range, end), toS: end + 1 })).origins);
  } catch (e) {
    showError(e);
  }
}

function setRange(r: RangeName): void {
  range = r;
  drawRangePicker();
  void backfill();
  void refreshOrigins();
}

const realtime = new RealtimeClient({
  hello: async () => ({ role: 'planner', token: await session.token() }),
  renewToken: () => session.renew(),
  onMessage: (m: ServerMessage) => {
    if (m.type === 'fleet') fleet.setFleet(m.vehicles);
    else if (m.type === 'vehicle_position') fleet.moveVehicle(m.vehicleId, m.location, m.headingDeg, m.atS);
  },
  onStatus: (s) => renderConnection(connection, s, i18n),
});
renderConnection(connection, realtime.status, i18n);

i18n.onChange(() => {
  drawRangePicker();
  drawKpis();
  renderConnection(connection, realtime.status, i18n);
});

// The export needs the token, which a plain link does not carry: fetch it, then hand the browser the file.
exportLink.addEventListener('click', (e) => {
  e.preventDefault();
  const end = nowS();
  api.tripsCsv({ fromS: rangeStart(range, end), toS: end + 1 }).then((blob) => {
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
void backfill();
void refreshOrigins();
setInterval(() => void poll(), METRICS_POLL_MS);
setInterval(() => void refreshOrigins(), ORIGINS_POLL_MS);
realtime.start();
