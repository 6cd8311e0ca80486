import type { RecurringTripView, ServiceHoursView, WeekdayName, ZoneHoursWire } from '../protocol/serviceRules';
import { WEEKDAY_NAMES } from '../protocol/serviceRules';
import { el } from '../web/shared/dom';
import { formatClock, formatDateTime } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';

/** A weekday's short name in the page's language (2024-01-01 was a Monday). */
function dayName(day: WeekdayName, i18n: I18n): string {
  const d = new Date(Date.UTC(2024, 0, 1 + WEEKDAY_NAMES.indexOf(day), 12));
  return new Intl.DateTimeFormat(i18n.lang === 'ko' ? 'ko-KR' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(d);
}
const days = (list: readonly WeekdayName[], i18n: I18n) => list.map((d) => dayName(d, i18n)).join(' ');

function zoneHours(h: ZoneHoursWire | null, i18n: I18n): string {
  if (!h) return i18n.t('rider.hours.allDay');
  return h.weekly.map((w) => `${days(w.days, i18n)} ${w.start}–${w.end}`).join(', ');
}

/**
 * The service's hours (each zone's, and when buses are scheduled this week) and the rider's recurring trips with
 * their coming days, each of which the rider can skip.
 */
export function serviceSchedule(hours: ServiceHoursView | null, recurring: RecurringTripView[], i18n: I18n, onSkip: (tripId: string, date: string) => void): HTMLElement | null {
  const t = i18n.t.bind(i18n);
  if (!hours && recurring.length === 0) return null;
  const hoursCard = hours
    ? el(
        'section',
        { class: 'card service-hours', data: { testid: 'service-hours' } },
        el('h2', { class: 'card__title', text: t('rider.hours.title') }),
        ...hours.zones.map((z) => el('p', { class: 'hint', text: t('rider.hours.zone', { zone: z.name, hours: zoneHours(z.hours, i18n) }) })),
        hours.scheduled.length === 0
          ? el('p', { class: 'hint', text: t('rider.serviceHoursNone') })
          : el('p', { class: 'hint', data: { testid: 'scheduled-hours' }, text: t('rider.serviceHours', { hours: hours.scheduled.map((s) => `${formatDateTime(s.startsAt, i18n.lang)}–${formatClock(s.endsAt, i18n.lang)}`).join(', ') }) }),
      )
    : null;
  const recurringCard =
    recurring.length === 0
      ? null
      : el(
          'section',
          { class: 'card recurring-trips', data: { testid: 'recurring-trips' } },
          el('h2', { class: 'card__title', text: t('rider.recurring.title') }),
          ...recurring.map((r) =>
            el(
              'div',
              { class: 'trip-list__section', data: { testid: 'recurring-trip', recurringId: r.id } },
              el('h3', { class: 'trip-list__title', text: r.returnTime ? t('rider.recurring.withReturn', { days: days(r.days, i18n), time: r.pickupTime, back: r.returnTime }) : t('rider.recurring.summary', { days: days(r.days, i18n), time: r.pickupTime }) }),
              el(
                'ul',
                { class: 'trip-list__items' },
                ...r.upcoming.slice(0, 6).map((o) =>
                  el(
                    'li',
                    { class: 'trip-list__item', data: { testid: 'occurrence', date: o.date, leg: o.leg, status: o.status } },
                    el('span', { class: 'trip-list__when', text: `${t(o.leg === 'outbound' ? 'rider.recurring.outbound' : 'rider.recurring.return')} ${formatDateTime(o.pickupAt, i18n.lang)} · ${t(`rider.recurring.status.${o.status}`)}` }),
                    o.leg === 'outbound' && (o.status === 'scheduled' || o.status === 'released')
                      ? el('button', { class: 'link-button', text: t('rider.recurring.skip'), attrs: { type: 'button' }, data: { testid: 'skip-occurrence' }, on: { click: () => onSkip(r.id, o.date) } })
                      : null,
                  ),
                ),
              ),
            ),
          ),
        );
  return el('div', { data: { testid: 'service-schedule' } }, hoursCard, recurringCard);
}
