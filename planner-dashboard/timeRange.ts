import { nowS } from '../web/shared/format';

export const RANGES = ['hour', 'today', 'day'] as const;
export type RangeName = (typeof RANGES)[number];

/** Samples drawn when the dashboard opens or the range changes, so the charts start with a history. */
export const BACKFILL_SAMPLES = 12;

/** Where a range starts, for a window ending at `endS`: the last hour, since local midnight, the last 24 hours. */
export function rangeStart(range: RangeName, endS: number): number {
  switch (range) {
    case 'hour':
      return endS - 3600;
    case 'day':
      return endS - 86_400;
    case 'today': {
      const d = new Date(endS * 1000);
      d.setHours(0, 0, 0, 0);
      return Math.floor(d.getTime() / 1000);
    }
  }
}

/** The ends of the backfill windows, oldest first, the last one now. */
export function backfillEnds(range: RangeName, end = nowS()): number[] {
  const span = Math.max(600, end - rangeStart(range, end));
  const step = Math.max(60, Math.floor(span / BACKFILL_SAMPLES));
  return Array.from({ length: BACKFILL_SAMPLES }, (_, k) => end - (BACKFILL_SAMPLES - 1 - k) * step);
}
