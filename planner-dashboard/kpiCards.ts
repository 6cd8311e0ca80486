import type { PlannerMetrics } from '../protocol/metrics';
import type { VehicleActivity } from '../protocol/realtime';
import { el } from '../web/shared/dom';
import { formatNumber, formatPercent } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';

interface Kpi {
  id: string;
  label: TextKey;
  value: (m: PlannerMetrics, i18n: I18n) => string;
  note?: (m: PlannerMetrics, i18n: I18n) => string;
}

const dash = '—';
const minutes = (s: number | null, i18n: I18n) => (s === null ? dash : i18n.t('unit.minutes', { value: formatNumber(s / 60, i18n.lang, 1) }));
const km = (x: number | null, i18n: I18n) => (x === null ? dash : i18n.t('unit.km', { value: formatNumber(x, i18n.lang, 1) }));
const pct = (x: number | null, i18n: I18n) => (x === null ? dash : formatPercent(x, i18n.lang));
const num = (x: number | null, i18n: I18n, digits = 0) => (x === null ? dash : formatNumber(x, i18n.lang, digits));

/** The planner's headline numbers, one card each, in reading order. */
const KPIS: Kpi[] = [
  { id: 'requests', label: 'kpi.requests', value: (m, i) => num(m.requests, i), note: (m, i) => i.t('kpi.acceptedNote', { count: m.accepted }) },
  { id: 'completed', label: 'kpi.completed', value: (m, i) => num(m.completed, i), note: (m, i) => i.t('kpi.cancelledNote', { cancelled: m.cancelled, noShows: m.noShows }) },
  { id: 'share-served', label: 'kpi.shareServed', value: (m, i) => pct(m.requests ? m.shareServed : null, i) },
  { id: 'rejected', label: 'kpi.rejected', value: (m, i) => num(m.rejected, i) },
  { id: 'wait', label: 'kpi.meanWait', value: (m, i) => minutes(m.meanWaitS, i), note: (m, i) => i.t('kpi.p90Note', { value: minutes(m.p90WaitS, i) }) },
  { id: 'detour', label: 'kpi.meanDetour', value: (m, i) => (m.meanDetourRatio === null ? dash : `×${formatNumber(m.meanDetourRatio, i.lang, 2)}`) },
  { id: 'pooling', label: 'kpi.pooling', value: (m, i) => pct(m.poolingRate, i) },
  { id: 'occupancy', label: 'kpi.occupancy', value: (m, i) => num(m.meanOccupancy, i, 2) },
  { id: 'vehicle-km', label: 'kpi.vehicleKm', value: (m, i) => km(m.vehicleKm, i), note: (m, i) => i.t('kpi.emptyNote', { value: km(m.emptyKm, i) }) },
  { id: 'empty-share', label: 'kpi.emptyShare', value: (m, i) => pct(m.vehicleKm && m.emptyKm !== null ? m.emptyKm / m.vehicleKm : null, i) },
  { id: 'productivity', label: 'kpi.productivity', value: (m, i) => num(m.passengersPerVehicleHour, i, 1) },
];

/** The live fleet's card (from the planner websocket, not the metrics): vehicles on shift, busy and idle. */
function fleetCard(fleet: Record<VehicleActivity, number> | null, i18n: I18n): HTMLElement {
  const busy = fleet ? fleet.to_pickup + fleet.carrying : 0;
  return el(
    'article',
    { class: 'kpi kpi--fleet', data: { testid: 'kpi-fleet' } },
    el('h3', { class: 'kpi__label', text: i18n.t('kpi.vehiclesOnShift') }),
    el('p', { class: 'kpi__value', text: fleet ? formatNumber(busy + fleet.idle, i18n.lang) : dash, data: { testid: 'kpi-fleet-value' } }),
    el('p', { class: 'kpi__note', text: fleet ? i18n.t('kpi.vehiclesNote', { busy, idle: fleet.idle }) : '\u00a0' }),
  );
}

export function kpiCards(m: PlannerMetrics | null, fleet: Record<VehicleActivity, number> | null, i18n: I18n): HTMLElement[] {
  return [fleetCard(fleet, i18n), ...KPIS.map((k) =>
    el(
      'article',
      { class: `kpi kpi--${k.id}`, data: { testid: `kpi-${k.id}` } },
      el('h3', { class: 'kpi__label', text: i18n.t(k.label) }),
      el('p', { class: 'kpi__value', text: m ? k.value(m, i18n) : dash, data: { testid: `kpi-${k.id}-value` } }),
      el('p', { class: 'kpi__note', text: m && k.note ? k.note(m, i18n) : '\u00a0' }),
    ),
  )];
}
