import { WEEKDAYS, type Weekday } from '../standards/ServiceDescription';

/** A moment as a wall clock in one IANA time zone shows it: the date (YYYYMMDD), its weekday and the seconds since midnight. */
export interface LocalMoment {
  date: string;
  weekday: Weekday;
  secondsOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'long' });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall clock in `timezone` at an epoch second. */
export function localMoment(epochS: number, timezone: string): LocalMoment {
  const parts = formatter(timezone).formatToParts(new Date(Math.floor(epochS) * 1000));
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)!.value;
  const weekday = get('weekday').toLowerCase() as Weekday;
  return { date: `${get('year')}${get('month')}${get('day')}`, weekday, secondsOfDay: Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second')) };
}

/** The weekday of a YYYYMMDD date. */
export function weekdayOf(date: string): Weekday {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))));
  return WEEKDAYS[(d.getUTCDay() + 6) % 7]!;
}

/**
 * The epoch second at which the wall clock in `timezone` shows `date` (YYYYMMDD) and `secondsOfDay`. A time that a
 * daylight-saving jump skips comes out an hour later, as clocks do.
 */
export function epochOfLocal(date: string, secondsOfDay: number, timezone: string): number {
  const asUtc = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))) / 1000 + secondsOfDay;
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const seen = localMoment(guess, timezone);
    const seenAsUtc = Date.UTC(Number(seen.date.slice(0, 4)), Number(seen.date.slice(4, 6)) - 1, Number(seen.date.slice(6, 8))) / 1000 + seen.secondsOfDay;
    const diff = asUtc - seenAsUtc;
    if (diff === 0) break;
    guess += diff;
  }
  return guess;
}

/** YYYY-MM-DD (the wire's dates) to YYYYMMDD, and back. */
export const compactDate = (isoDate: string): string => isoDate.replaceAll('-', '');
export const isoDate = (compact: string): string => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;

/** "08:10" ↔ seconds after midnight. */
export function parseClockTime(text: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const s = Number(m[1]) * 3600 + Number(m[2]) * 60;
  return s <= 86400 ? s : null;
}
export function formatClockTime(seconds: number): string {
  return `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`;
}
