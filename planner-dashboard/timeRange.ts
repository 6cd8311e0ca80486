export const RANGES = ['hour', 'today', 'day', 'custom'] as const;
export type RangeName = (typeof RANGES)[number];

/** A range the planner looks at: [fromS, toS), cut into intervals of stepS for the charts. */
export interface RangeWindow {
  fromS: number;
  toS: number;
  stepS: number;
}

/** A custom range: whole local days, the first and the last included ("2026-12-01" to "2026-12-02"). */
export interface CustomDays {
  from: string;
  to: string;
}

/** Local midnight at or before `epochS` (browser time zone). */
export function localMidnight(epochS: number): number {
  const d = new Date(epochS * 1000);
  d.setHours(0, 0, 0, 0);
  return Math.floor(d.getTime() / 1000);
}

/** Epoch seconds of local midnight of a `YYYY-MM-DD` day, or null. */
export function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(d.getTime()) ? Math.floor(d.getTime() / 1000) : null;
}

/** `YYYY-MM-DD` of the local day holding `epochS`. */
export function dayOf(epochS: number): string {
  const d = new Date(epochS * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const floorTo = (s: number, step: number) => Math.floor(s / step) * step;

/** Most days a custom range spans (the per-hour table stays readable, the server computes ≤ 400 intervals). */
export const MAX_CUSTOM_DAYS = 14;

/**
 * The window of a range ending now: the last hour by 5 minutes, today since local midnight by the hour, the
 * whole last 24 hours by the hour, or whole custom days by the hour (by the day beyond a week).
 */
export function rangeWindow(range: RangeName, endS: number, custom?: CustomDays): RangeWindow {
  const toS = endS + 1;
  switch (range) {
    // The rolling ranges start on a whole interval, so each bar is one clock hour (or five minutes).
    case 'hour':
      return { fromS: floorTo(toS - 3600, 300), toS, stepS: 300 };
    case 'day':
      return { fromS: floorTo(toS - 86_400, 3600), toS, stepS: 3600 };
    case 'today':
      return { fromS: localMidnight(endS), toS, stepS: 3600 };
    case 'custom': {
      const from = custom ? dayStart(custom.from) : null;
      const last = custom ? dayStart(custom.to) : null;
      if (from === null || last === null || last < from) return rangeWindow('today', endS);
      const days = Math.min(MAX_CUSTOM_DAYS, Math.round((last - from) / 86_400) + 1);
      // Chosen days end now at the latest: hours still to come have no figures (and no vehicle-hours yet).
      const end = Math.min(toS, localMidnight(from + days * 86_400 + 7200));
      return { fromS: from, toS: Math.max(end, from + 1), stepS: days > 7 ? 86_400 : 3600 };
    }
  }
}

/**
 * Where the chart's time axis starts: where the service started in the range (its first request or shift,
 * at the start of that interval) for today and custom days; the rolling ranges show their whole span.
 */
export function axisStart(range: RangeName, window: RangeWindow, serviceStartS: number | null): number {
  if (range === 'hour' || range === 'day' || serviceStartS === null) return window.fromS;
  const lastInterval = Math.floor((window.toS - 1 - window.fromS) / window.stepS);
  const intervals = Math.min(lastInterval, Math.floor((serviceStartS - window.fromS) / window.stepS));
  return window.fromS + Math.max(0, intervals) * window.stepS;
}
