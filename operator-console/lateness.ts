import type { I18n } from '../web/shared/i18n/I18n';

/** "4 min late" or "6 min to spare": a plan's distance from its promise, in whole minutes. */
export function lateness(lateByS: number, i18n: I18n): string {
  const minutes = Math.round(Math.abs(lateByS) / 60);
  return lateByS > 0 ? i18n.t('operator.lateBy', { minutes: Math.max(1, minutes) }) : i18n.t('operator.spare', { minutes });
}
