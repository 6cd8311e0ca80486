import type { PlannerMetrics } from '../protocol/metrics';
import type { PromiseCause } from '../protocol/promises';
import type { VehicleActivity } from '../protocol/realtime';
import { el } from '../web/shared/dom';
import { formatNumber, formatPercent } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';
import { MIN_SHARE_SAMPLE } from './metricCharts';

/** What a figure stands on: so many trips, or so many vehicle-hours on shift. */
type Sample = { trips: number } | { vehicleHours: number };

interface Kpi {
  id: string;
  label: TextKey;
  /** The definition shown as the card's tooltip (and read out with it). */
  definition: TextKey;
  value: (m: PlannerMetrics, i18n: I18n) => string;
  sample: (m: PlannerMetrics) => Sample;
  note?: (m: PlannerMetrics, i18n: I18n) => string;
  /** A share of trips: below MIN_SHARE_SAMPLE of them the card shows "n = 3" instead of a percentage. */
  share?: (m: PlannerMetrics) => { share: number | null; of: number };
}

const dash = '—';
const minutes = (s: number | null, i18n: I18n) => (s === null ? dash : i18n.t('unit.minutes', { value: formatNumber(s / 60, i18n.lang, 1) }));
const km = (x: number | null, i18n: I18n) => (x === null ? dash : i18n.t('unit.km', { value: formatNumber(x, i18n.lang, 1) }));
const pct = (x: number | null, i18n: I18n) => (x === null ? dash : formatPercent(x, i18n.lang));
const num = (x: number | null, i18n: I18n, digits = 0) => (x === null ? dash : formatNumber(x, i18n.lang, digits));
const requests = (m: PlannerMetrics): Sample => ({ trips: m.requests });
const fleet = (m: PlannerMetrics): Sample => ({ vehicleHours: m.samples.vehicleHours });

/** The planner's headline numbers, one card each, in reading order. */
const KPIS: Kpi[] = [
  { id: 'requests', label: 'kpi.requests', definition: 'kpi.def.requests', value: (m, i) => num(m.requests, i), sample: requests, note: (m, i) => i.t('kpi.acceptedNote', { count: m.accepted }) },
  { id: 'completed', label: 'kpi.completed', definition: 'kpi.def.completed', value: (m, i) => num(m.completed, i), sample: requests, note: (m, i) => i.t('kpi.cancelledNote', { cancelled: m.cancelled, noShows: m.noShows }) },
  { id: 'share-served', label: 'kpi.shareServed', definition: 'kpi.def.shareServed', value: (m, i) => pct(m.requests ? m.shareServed : null, i), sample: requests,
    share: (m) => ({ share: m.requests ? m.shareServed : null, of: m.requests }), note: (m, i) => i.t('kpi.shareServedNote', { accepted: m.accepted, requests: m.requests }) },
  { id: 'rejected', label: 'kpi.rejected', definition: 'kpi.def.rejected', value: (m, i) => num(m.rejected, i), sample: requests,
    note: (m, i) => i.t('kpi.unansweredNote', { declined: m.outcomes.declined, acceptFailed: m.outcomes.acceptFailed }) },
  { id: 'wait', label: 'kpi.meanWait', definition: 'kpi.def.meanWait', value: (m, i) => minutes(m.meanWaitS, i), sample: (m) => ({ trips: m.samples.waits }), note: (m, i) => i.t('kpi.p90Note', { value: minutes(m.p90WaitS, i) }) },
  { id: 'detour', label: 'kpi.meanDetour', definition: 'kpi.def.meanDetour', value: (m, i) => (m.meanDetourRatio === null ? dash : `×${formatNumber(m.meanDetourRatio, i.lang, 2)}`), sample: (m) => ({ trips: m.samples.detours }) },
  { id: 'pooling', label: 'kpi.pooling', definition: 'kpi.def.pooling', value: (m, i) => pct(m.poolingRate, i), sample: (m) => ({ trips: m.completed }), share: (m) => ({ share: m.poolingRate, of: m.completed }) },
  { id: 'occupancy', label: 'kpi.occupancy', definition: 'kpi.def.occupancy', value: (m, i) => num(m.meanOccupancy, i, 2), sample: fleet },
  { id: 'vehicle-km', label: 'kpi.vehicleKm', definition: 'kpi.def.vehicleKm', value: (m, i) => km(m.vehicleKm, i), sample: fleet, note: (m, i) => i.t('kpi.emptyNote', { value: km(m.emptyKm, i) }) },
  { id: 'empty-share', label: 'kpi.emptyShare', definition: 'kpi.def.emptyShare', value: (m, i) => pct(m.vehicleKm && m.emptyKm !== null ? m.emptyKm / m.vehicleKm : null, i), sample: fleet },
  { id: 'productivity', label: 'kpi.productivity', definition: 'kpi.def.productivity', value: (m, i) => num(m.passengersPerVehicleHour, i, 1), sample: fleet },
  // Promises kept under traffic and delays (issue 13)
  { id: 'on-time-pickup', label: 'kpi.onTimePickup', definition: 'kpi.def.onTimePickup', value: (m, i) => pct(m.promises?.onTimePickupShare ?? null, i), sample: (m) => ({ trips: m.promises?.samples.pickups ?? 0 }),
    share: (m) => ({ share: m.promises?.onTimePickupShare ?? null, of: m.promises?.samples.pickups ?? 0 }) },
  { id: 'on-time-arrival', label: 'kpi.onTimeArrival', definition: 'kpi.def.onTimeArrival', value: (m, i) => pct(m.promises?.onTimeArrivalShare ?? null, i), sample: (m) => ({ trips: m.promises?.samples.arrivals ?? 0 }),
    share: (m) => ({ share: m.promises?.onTimeArrivalShare ?? null, of: m.promises?.samples.arrivals ?? 0 }) },
  { id: 'promises-moved', label: 'kpi.promisesMoved', definition: 'kpi.def.promisesMoved', value: (m, i) => num(m.promises?.moved ?? null, i), sample: requests },
  { id: 'promises-broken', label: 'kpi.promisesBroken', definition: 'kpi.def.promisesBroken', value: (m, i) => num(m.promises?.broken ?? null, i), sample: requests, note: brokenNote },
  { id: 'eta-error', label: 'kpi.etaError', definition: 'kpi.def.etaError', value: (m, i) => minutes(m.promises?.etaErrorP90S10Min ?? null, i), sample: (m) => ({ trips: m.promises?.samples.eta10Min ?? 0 }),
    note: (m, i) => i.t('kpi.etaError5Note', { value: minutes(m.promises?.etaErrorP90S5Min ?? null, i) }) },
];

/** Broken promises by cause, largest first ("traffic 3, breakdown 1"). */
function brokenNote(m: PlannerMetrics, i18n: I18n): string {
  const by = Object.entries(m.promises?.brokenByCause ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (by.length === 0) return i18n.t('kpi.brokenNoneNote');
  return i18n.t('kpi.brokenNote', { causes: by.map(([c, n]) => `${i18n.t(`promise.cause.${c as PromiseCause}`)} ${formatNumber(n, i18n.lang)}`).join(', ') });
}

function sampleText(s: Sample, i18n: I18n): string {
  return 'trips' in s ? i18n.t('kpi.sampleTrips', { n: formatNumber(s.trips, i18n.lang) }) : i18n.t('kpi.sampleHours', { n: formatNumber(s.vehicleHours, i18n.lang, 1) });
}

/** The live fleet's card (from the planner websocket, not the metrics): vehicles on shift, busy and idle. */
function fleetCard(fleet: Record<VehicleActivity, number> | null, i18n: I18n): HTMLElement {
  const busy = fleet ? fleet.to_pickup + fleet.carrying : 0;
  return el(
    'article',
    { class: 'kpi kpi--fleet', data: { testid: 'kpi-fleet' }, attrs: { title: i18n.t('kpi.def.vehiclesOnShift'), tabindex: '0' } },
    el('h3', { class: 'kpi__label', text: i18n.t('kpi.vehiclesOnShift') }),
    el('p', { class: 'kpi__value', text: fleet ? formatNumber(busy + fleet.idle, i18n.lang) : dash, data: { testid: 'kpi-fleet-value' } }),
    el('p', { class: 'kpi__note', text: fleet ? i18n.t('kpi.vehiclesNote', { busy, idle: fleet.idle }) : '\u00a0' }),
    el('p', { class: 'kpi__definition', text: i18n.t('kpi.def.vehiclesOnShift') }),
  );
}

/**
 * One card per KPI: the figure, what it stands on ("n = 12 trips"), and its definition as a tooltip (the
 * card's title, and a line a screen reader reads). A share of fewer than MIN_SHARE_SAMPLE trips shows its n.
 */
export function kpiCards(m: PlannerMetrics | null, fleet: Record<VehicleActivity, number> | null, i18n: I18n): HTMLElement[] {
  return [fleetCard(fleet, i18n), ...KPIS.map((k) => {
    const share = m && k.share ? k.share(m) : null;
    const small = share !== null && share.share !== null && share.of < MIN_SHARE_SAMPLE;
    const value = !m ? dash : small ? i18n.t('kpi.smallSample', { n: share.of }) : k.value(m, i18n);
    const definition = i18n.t(k.definition);
    return el(
      'article',
      { class: `kpi kpi--${k.id}${small ? ' kpi--small-sample' : ''}`, data: { testid: `kpi-${k.id}` }, attrs: { title: definition, tabindex: '0' } },
      el('h3', { class: 'kpi__label', text: i18n.t(k.label) }),
      el('p', { class: 'kpi__value', text: value, data: { testid: `kpi-${k.id}-value` } }),
      el('p', { class: 'kpi__note', text: m && k.note ? k.note(m, i18n) : '\u00a0' }),
      el('p', { class: 'kpi__sample', text: m ? sampleText(k.sample(m), i18n) : '\u00a0', data: { testid: `kpi-${k.id}-sample` } }),
      el('p', { class: 'kpi__definition', text: definition }),
    );
  })];
}
