import { BarController, BarElement, CategoryScale, Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { PlannerMetrics } from '../protocol/metrics';
import { REJECTION_REASONS } from '../protocol/trips';
import { el } from '../web/shared/dom';
import { formatClock } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.color = '#475569';

export interface Sample {
  atS: number;
  metrics: PlannerMetrics;
}

interface Series {
  label: TextKey;
  color: string;
  value: (m: PlannerMetrics) => number | null;
}

interface LineChartSpec {
  id: string;
  title: TextKey;
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

/** The time-series charts: each point is the range's figures as they stood at that moment. */
const LINE_CHARTS: LineChartSpec[] = [
  { id: 'demand', title: 'chart.demand', series: [
    { label: 'kpi.requests', color: BLUE, value: (m) => m.requests },
    { label: 'kpi.completed', color: GREEN, value: (m) => m.completed },
    { label: 'kpi.rejected', color: RED, value: (m) => m.rejected },
  ] },
  { id: 'service', title: 'chart.service', percent: true, series: [
    { label: 'kpi.shareServed', color: GREEN, value: (m) => (m.requests ? m.shareServed : null) },
    { label: 'kpi.pooling', color: VIOLET, value: (m) => m.poolingRate },
  ] },
  { id: 'wait', title: 'chart.wait', series: [
    { label: 'chart.meanWaitMin', color: BLUE, value: (m) => (m.meanWaitS === null ? null : m.meanWaitS / 60) },
    { label: 'chart.p90WaitMin', color: AMBER, value: (m) => (m.p90WaitS === null ? null : m.p90WaitS / 60) },
  ] },
  { id: 'ride', title: 'chart.ride', series: [
    { label: 'kpi.meanDetour', color: AMBER, value: (m) => m.meanDetourRatio },
    { label: 'kpi.occupancy', color: VIOLET, value: (m) => m.meanOccupancy },
  ] },
  { id: 'fleet', title: 'chart.fleet', series: [
    { label: 'kpi.vehicleKm', color: BLUE, value: (m) => m.vehicleKm },
    { label: 'chart.emptyKm', color: SLATE, value: (m) => m.emptyKm },
    { label: 'kpi.productivity', color: GREEN, value: (m) => m.passengersPerVehicleHour },
  ] },
];

/** The planner's charts (Chart.js): the time series above, and the rejection reasons of the range now. */
export class MetricCharts {
  readonly root: HTMLElement;
  private readonly lines: { spec: LineChartSpec; chart: Chart<'line', (number | null)[], string>; title: HTMLElement }[] = [];
  private readonly reasons: Chart<'bar', number[], string>;
  private readonly reasonsTitle: HTMLElement;
  private samples: Sample[] = [];

  constructor(private readonly i18n: I18n) {
    this.root = el('div', { class: 'charts' });
    for (const spec of LINE_CHARTS) {
      const { card, canvas, title } = this.card(spec.id);
      this.root.append(card);
      const datasets: ChartDataset<'line', (number | null)[]>[] = spec.series.map((s) => ({
        label: '', data: [], borderColor: s.color, backgroundColor: s.color, borderWidth: 2, pointRadius: 2, pointHitRadius: 8, tension: 0.25, spanGaps: true,
      }));
      const chart = new Chart<'line', (number | null)[], string>(canvas, {
        type: 'line',
        data: { labels: [], datasets },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2 } } },
          scales: {
            x: { ticks: { maxTicksLimit: 6, maxRotation: 0 }, grid: { display: false } },
            y: { beginAtZero: true, ticks: { maxTicksLimit: 5, ...(spec.percent ? { callback: (v) => `${Math.round(Number(v) * 100)}%` } : {}) }, ...(spec.percent ? { max: 1 } : {}) },
          },
        },
      });
      this.lines.push({ spec, chart, title });
    }
    const { card, canvas, title } = this.card('reasons');
    this.root.append(card);
    this.reasonsTitle = title;
    this.reasons = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: '', data: [], backgroundColor: RED, borderRadius: 4, maxBarThickness: 22 }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } } },
    });
    i18n.onChange(() => this.draw());
  }

  setSamples(samples: Sample[]): void {
    this.samples = samples;
    this.draw();
  }

  private card(id: string): { card: HTMLElement; canvas: HTMLCanvasElement; title: HTMLElement } {
    const title = el('h3', { class: 'chart-card__title' });
    const canvas = el('canvas', { attrs: { role: 'img' } });
    const card = el('article', { class: `card chart-card chart-card--${id}`, data: { testid: `chart-${id}` } }, title, el('div', { class: 'chart-card__canvas' }, canvas));
    return { card, canvas, title };
  }

  private draw(): void {
    const t = this.i18n.t.bind(this.i18n);
    const labels = this.samples.map((s) => formatClock(s.atS, this.i18n.lang));
    for (const { spec, chart, title } of this.lines) {
      title.textContent = t(spec.title);
      chart.canvas.setAttribute('aria-label', t(spec.title));
      chart.data.labels = labels;
      spec.series.forEach((s, k) => {
        chart.data.datasets[k].label = t(s.label);
        chart.data.datasets[k].data = this.samples.map((x) => s.value(x.metrics));
      });
      chart.update('none');
    }
    const last = this.samples[this.samples.length - 1]?.metrics;
    this.reasonsTitle.textContent = t('chart.reasons');
    this.reasons.data.labels = REJECTION_REASONS.map((r) => this.i18n.dictionary.rejectionLabels[r]);
    this.reasons.data.datasets[0].label = t('kpi.rejected');
    this.reasons.data.datasets[0].data = REJECTION_REASONS.map((r) => last?.rejectionReasons[r] ?? 0);
    this.reasons.update('none');
  }
}
