import { BarController, BarElement, CategoryScale, Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip } from 'chart.js';
import 'chartjs-adapter-date-fns';
import { enGB, ko } from 'date-fns/locale';
import type { MetricsIntervals, PlannerMetrics } from '../protocol/metrics';
import { REJECTION_REASONS } from '../protocol/trips';
import { el } from '../web/shared/dom';
import { formatClock, formatDateTime, formatNumber, formatPercent } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, TimeScale, Legend, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.color = '#475569';

interface Series {
  label: TextKey;
  color: string;
  value: (m: PlannerMetrics) => number | null;
}

interface ChartSpec {
  id: string;
  title: TextKey;
  /** Bars of counts per interval (summed in the summary), or lines of a figure per interval. */
  kind: 'counts' | 'figure';
  series: Series[];
  /** Axis in percent (values are shares 0..1). */
  percent?: boolean;
}

const BLUE = '#2563eb';
const GREEN = '#16a34a';
const RED = '#dc2626';
const AMBER = '#d97706';
const VIOLET = '#7c3aed';
const SLATE = '#64748b';

/** Fewest trips in an interval for its share to be drawn: below it a share says little (1 of 1 is "100 %"). */
export const MIN_SHARE_SAMPLE = 20;

/** The charts: each point is one interval's own figures (requests made in it, trips served from it), never a running total. */
const CHARTS: ChartSpec[] = [
  { id: 'demand', title: 'chart.demand', kind: 'counts', series: [
    { label: 'kpi.requests', color: BLUE, value: (m) => m.requests },
    { label: 'kpi.completed', color: GREEN, value: (m) => m.completed },
    { label: 'kpi.rejected', color: RED, value: (m) => m.rejected },
  ] },
  { id: 'service', title: 'chart.service', kind: 'figure', percent: true, series: [
    { label: 'kpi.shareServed', color: GREEN, value: (m) => (m.requests >= MIN_SHARE_SAMPLE ? m.shareServed : null) },
    { label: 'kpi.pooling', color: VIOLET, value: (m) => (m.completed >= MIN_SHARE_SAMPLE ? m.poolingRate : null) },
  ] },
  { id: 'wait', title: 'chart.wait', kind: 'figure', series: [
    { label: 'chart.meanWaitMin', color: BLUE, value: (m) => (m.meanWaitS === null ? null : m.meanWaitS / 60) },
    { label: 'chart.p90WaitMin', color: AMBER, value: (m) => (m.p90WaitS === null ? null : m.p90WaitS / 60) },
  ] },
  { id: 'ride', title: 'chart.ride', kind: 'figure', series: [
    { label: 'kpi.meanDetour', color: AMBER, value: (m) => m.meanDetourRatio },
    { label: 'kpi.occupancy', color: VIOLET, value: (m) => m.meanOccupancy },
  ] },
  { id: 'fleet', title: 'chart.fleet', kind: 'figure', series: [
    { label: 'kpi.vehicleKm', color: BLUE, value: (m) => m.vehicleKm },
    { label: 'chart.emptyKm', color: SLATE, value: (m) => m.emptyKm },
    { label: 'kpi.productivity', color: GREEN, value: (m) => m.passengersPerVehicleHour },
  ] },
  // Promises kept under traffic and delays (issue 13)
  { id: 'promises', title: 'chart.promises', kind: 'figure', percent: true, series: [
    { label: 'kpi.onTimePickup', color: GREEN, value: (m) => (m.promises && m.promises.samples.pickups >= MIN_SHARE_SAMPLE ? m.promises.onTimePickupShare : null) },
    { label: 'kpi.onTimeArrival', color: BLUE, value: (m) => (m.promises && m.promises.samples.arrivals >= MIN_SHARE_SAMPLE ? m.promises.onTimeArrivalShare : null) },
  ] },
  { id: 'promise-events', title: 'chart.promiseEvents', kind: 'counts', series: [
    { label: 'kpi.promisesMoved', color: AMBER, value: (m) => m.promises?.moved ?? null },
    { label: 'kpi.promisesBroken', color: RED, value: (m) => m.promises?.broken ?? null },
  ] },
];

type Point = { x: number; y: number };

/** The planner's charts (Chart.js on a time axis), each with a sentence that says what it shows; and the range's rejection reasons. */
export class MetricCharts {
  readonly root: HTMLElement;
  private readonly charts: { spec: ChartSpec; chart: Chart<'bar' | 'line', Point[]>; title: HTMLElement; summary: HTMLElement; card: HTMLElement }[] = [];
  private readonly reasons: Chart<'bar', number[], string>;
  private readonly reasonsTitle: HTMLElement;
  private readonly reasonsSummary: HTMLElement;
  private series: MetricsIntervals | null = null;
  private axisMinS = 0;
  private total: PlannerMetrics | null = null;

  constructor(private readonly i18n: I18n) {
    this.root = el('div', { class: 'charts' });
    for (const spec of CHARTS) {
      const { card, canvas, title, summary } = this.card(spec.id);
      this.root.append(card);
      const type = spec.kind === 'counts' ? 'bar' : 'line';
      const datasets: ChartDataset<'bar' | 'line', Point[]>[] = spec.series.map((s) => ({
        type, label: '', data: [], borderColor: s.color, backgroundColor: s.color, borderWidth: 2, pointRadius: 2, pointHitRadius: 8, tension: 0.25, maxBarThickness: 18,
      }));
      const chart = new Chart<'bar' | 'line', Point[]>(canvas, {
        type,
        data: { datasets },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: spec.kind === 'counts' ? 12 : 2 } } },
          scales: {
            x: {
              type: 'time', offset: spec.kind === 'counts', grid: { display: false },
              time: { tooltipFormat: 'PPp', displayFormats: { minute: 'HH:mm', hour: 'HH:mm', day: 'MMM d' } },
              ticks: { maxTicksLimit: 7, maxRotation: 0, autoSkip: true },
            },
            y: { beginAtZero: true, ticks: { maxTicksLimit: 5, ...(spec.kind === 'counts' ? { precision: 0 } : {}), ...(spec.percent ? { callback: (v) => `${Math.round(Number(v) * 100)}%` } : {}) }, ...(spec.percent ? { max: 1 } : {}) },
          },
        },
      });
      this.charts.push({ spec, chart, title, summary, card });
    }
    const { card, canvas, title, summary } = this.card('reasons');
    this.root.append(card);
    this.reasonsTitle = title;
    this.reasonsSummary = summary;
    this.reasons = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: '', data: [], backgroundColor: RED, borderRadius: 4, maxBarThickness: 22 }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } } },
    });
    i18n.onChange(() => this.draw());
  }

  /** The range's intervals, drawn from `axisMinS` (where the service started) to the range's end; `total` is the whole range. */
  setIntervals(series: MetricsIntervals, axisMinS: number, total: PlannerMetrics): void {
    this.series = series;
    this.axisMinS = axisMinS;
    this.total = total;
    this.draw();
  }

  private card(id: string): { card: HTMLElement; canvas: HTMLCanvasElement; title: HTMLElement; summary: HTMLElement } {
    const title = el('h2', { class: 'chart-card__title', attrs: { id: `chart-${id}-title` } });
    const summary = el('p', { class: 'chart-card__summary', attrs: { id: `chart-${id}-summary` }, data: { testid: 'chart-summary' } });
    const canvas = el('canvas', { attrs: { role: 'img', 'aria-labelledby': `chart-${id}-title`, 'aria-describedby': `chart-${id}-summary` } });
    const card = el('article', { class: `card chart-card chart-card--${id}`, data: { testid: `chart-${id}` } }, title, el('div', { class: 'chart-card__canvas' }, canvas), summary);
    return { card, canvas, title, summary };
  }

  private draw(): void {
    const t = this.i18n.t.bind(this.i18n);
    const lang = this.i18n.lang;
    const intervals = this.series?.intervals ?? [];
    const minMs = this.axisMinS * 1000;
    const maxMs = (this.series?.toS ?? this.axisMinS) * 1000;
    const stepS = this.series?.stepS ?? 3600;
    const unit = stepS >= 86_400 ? 'day' : stepS >= 3600 ? 'hour' : 'minute';
    const when = (s: number) => (stepS >= 86_400 ? formatDateTime(s, lang).replace(/\s*\d{1,2}:\d{2}.*$/, '') : formatClock(s, lang));
    const span = this.series ? t('chart.summarySpan', { from: formatDateTime(this.axisMinS, lang), to: formatDateTime(this.series.toS, lang), step: t(`chart.step.${unit}`) }) : '';
    for (const { spec, chart, title, summary, card } of this.charts) {
      title.textContent = t(spec.title);
      const x = chart.options.scales!.x as { min?: number; max?: number; adapters?: unknown; time?: { unit?: string } };
      x.min = minMs;
      x.max = spec.kind === 'counts' ? maxMs - stepS * 1000 : maxMs;
      x.adapters = { date: { locale: lang === 'ko' ? ko : enGB } };
      x.time = { ...x.time, unit };
      const sentences: string[] = [];
      spec.series.forEach((s, k) => {
        const points = intervals.map((m) => ({ x: m.fromS * 1000, y: s.value(m) })).filter((p): p is Point => p.y !== null && Number.isFinite(p.y));
        chart.data.datasets[k].label = t(s.label);
        chart.data.datasets[k].data = points;
        const fmt = (v: number) => (spec.percent ? formatPercent(v, lang) : formatNumber(v, lang, spec.kind === 'counts' ? 0 : 1));
        const top = points.reduce<Point | null>((best, p) => (best === null || p.y > best.y ? p : best), null);
        if (!top) sentences.push(t('chart.summaryNone', { series: t(s.label) }));
        else if (spec.kind === 'counts') sentences.push(t('chart.summaryCounts', { series: t(s.label), total: fmt(points.reduce((a, p) => a + p.y, 0)), max: fmt(top.y), time: when(top.x / 1000) }));
        else sentences.push(t('chart.summaryPeak', { series: t(s.label), max: fmt(top.y), time: when(top.x / 1000) }));
      });
      summary.textContent = [span, ...sentences].filter(Boolean).join(' ');
      card.dataset.axis = 'time';
      card.dataset.axisMinS = String(this.axisMinS);
      card.dataset.axisMaxS = String(this.series?.toS ?? this.axisMinS);
      card.dataset.stepS = String(stepS);
      card.dataset.values = JSON.stringify(spec.series.map((s) => intervals.map((m) => s.value(m))));
      chart.update('none');
    }
    const last = this.total;
    this.reasonsTitle.textContent = t('chart.reasons');
    this.reasons.data.labels = REJECTION_REASONS.map((r) => this.i18n.dictionary.rejectionLabels[r]);
    this.reasons.data.datasets[0].label = t('kpi.rejected');
    this.reasons.data.datasets[0].data = REJECTION_REASONS.map((r) => last?.rejectionReasons[r] ?? 0);
    const named = REJECTION_REASONS.filter((r) => (last?.rejectionReasons[r] ?? 0) > 0).map((r) => `${this.i18n.dictionary.rejectionLabels[r]} ${last?.rejectionReasons[r] ?? 0}`);
    this.reasonsSummary.textContent = named.length ? t('chart.reasonsSummary', { reasons: named.join(', ') }) : t('chart.reasonsNone');
    this.reasons.update('none');
  }
}
