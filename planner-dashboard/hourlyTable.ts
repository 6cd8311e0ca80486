import type { MetricsIntervals, PlannerMetrics } from '../protocol/metrics';
import { REJECTION_REASONS } from '../protocol/trips';
import { el } from '../web/shared/dom';
import { formatClock, formatNumber } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import { dayOf } from './timeRange';

const dash = '—';

function rejectedCell(m: PlannerMetrics, i18n: I18n): HTMLElement {
  const reasons = REJECTION_REASONS.filter((r) => (m.rejectionReasons[r] ?? 0) > 0);
  return el(
    'td',
    { class: 'num' },
    el('strong', { text: formatNumber(m.rejected, i18n.lang) }),
    reasons.length ? el('span', { class: 'hourly__reasons', text: ` (${reasons.map((r) => `${i18n.dictionary.rejectionLabels[r]} ${m.rejectionReasons[r]}`).join(', ')})` }) : null,
  );
}

/**
 * One row per hour of the range (the hours where the service ran): requests, served (accepted), rejected
 * with their reasons, mean wait and mean detour, each hour's own trips. A range of several days names the day.
 */
export function hourlyTable(series: MetricsIntervals | null, i18n: I18n): HTMLElement {
  const t = i18n.t.bind(i18n);
  const lang = i18n.lang;
  const rows = series?.intervals ?? [];
  const days = new Set(rows.map((m) => dayOf(m.fromS))).size;
  const label = (m: PlannerMetrics) => (series && series.stepS >= 86_400 ? dayOf(m.fromS) : `${days > 1 ? `${dayOf(m.fromS).slice(5)} ` : ''}${formatClock(m.fromS, lang)}`);
  return el(
    'table',
    { class: 'hourly', data: { testid: 'hourly-table' } },
    el('caption', { class: 'hourly__caption', text: t(series && series.stepS >= 86_400 ? 'planner.dailyCaption' : 'planner.hourlyCaption') }),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...(['planner.col.hour', 'planner.col.requests', 'planner.col.served', 'planner.col.rejected', 'planner.col.wait', 'planner.col.detour'] as const).map((k, i) => el('th', { class: i > 0 ? 'num' : '', text: t(k), attrs: { scope: 'col' } })),
      ),
    ),
    el(
      'tbody',
      {},
      ...(rows.length === 0
        ? [el('tr', {}, el('td', { text: t('planner.noHours'), attrs: { colspan: '6' } }))]
        : rows.map((m) =>
            el(
              'tr',
              { data: { testid: 'hourly-row', fromS: String(m.fromS) } },
              el('th', { class: 'hourly__hour', text: label(m), attrs: { scope: 'row' } }),
              el('td', { class: 'num', text: formatNumber(m.requests, lang), data: { testid: 'hourly-requests' } }),
              el('td', { class: 'num', text: formatNumber(m.accepted, lang), data: { testid: 'hourly-served' } }),
              rejectedCell(m, i18n),
              el('td', { class: 'num', text: m.meanWaitS === null ? dash : t('unit.minutes', { value: formatNumber(m.meanWaitS / 60, lang, 1) }) }),
              el('td', { class: 'num', text: m.meanDetourRatio === null ? dash : `×${formatNumber(m.meanDetourRatio, lang, 2)}` }),
            ),
          )),
    ),
  );
}
