import type { Manifest } from '../protocol/realtime';
import { el } from '../web/shared/dom';
import { formatClock } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';

/** Every stop still to serve, in order, with its planned time. */
export function manifestList(manifest: Manifest | null, i18n: I18n): HTMLElement {
  const t = i18n.t.bind(i18n);
  const stops = manifest?.stops ?? [];
  return el(
    'section',
    { class: 'card manifest', data: { testid: 'manifest' } },
    el('h2', { class: 'card__title', text: t('driver.manifest', { count: stops.length }) }),
    stops.length === 0
      ? el('p', { class: 'muted', text: t('driver.noStops') })
      : el(
          'ol',
          { class: 'manifest__list' },
          ...stops.map((s, i) =>
            el(
              'li',
              { class: `manifest__stop manifest__stop--${s.kind}${i === 0 ? ' manifest__stop--next' : ''}`, data: { testid: 'manifest-stop', tripId: s.tripId, kind: s.kind } },
              el('span', { class: 'manifest__order', text: String(i + 1) }),
              el('span', { class: 'manifest__time', text: formatClock(s.plannedAt, i18n.lang) }),
              el('span', { class: `kind-badge kind-badge--${s.kind}`, text: t(s.kind === 'pickup' ? 'driver.pickup' : 'driver.dropoff') }),
              el('span', { class: 'manifest__rider', text: s.riderName || t('driver.rider') }),
              el('span', { class: 'manifest__party', text: i18n.party(s.passengers, s.wheelchairs) }),
            ),
          ),
        ),
  );
}
