import type { Language } from './i18n/Dictionary';

/** Times on the wire are epoch seconds; the pages show them in the browser's time zone. */

const locale = (lang: Language) => (lang === 'ko' ? 'ko-KR' : 'en-GB');

/** "08:05", "오전 08:05": the space inside is a no-break space, so a time never wraps over two lines. */
export function formatClock(epochS: number, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit' }).format(new Date(epochS * 1000)).replace(/\s/g, '\u00a0');
}

export function formatWindow(fromS: number, toS: number, lang: Language): string {
  return `${formatClock(fromS, lang)}–${formatClock(toS, lang)}`;
}

export function formatDateTime(epochS: number, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(epochS * 1000));
}

export function formatDistanceM(m: number, lang: Language): string {
  if (m < 1000) return `${Math.round(m / 10) * 10} m`;
  return `${new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(m / 1000)} km`;
}

/** 1:05 for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatNumber(x: number, lang: Language, digits = 0): string {
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

export function formatPercent(share: number, lang: Language): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Epoch seconds of a `<input type="datetime-local">` value (browser time zone), or null. */
export function parseLocalDateTime(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** The `<input type="datetime-local">` value for an epoch second (browser time zone). */
export function toLocalDateTimeValue(epochS: number): string {
  const d = new Date(epochS * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const nowS = (): number => Math.floor(Date.now() / 1000);
