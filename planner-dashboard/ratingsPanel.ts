import type { RatingSummary } from '../protocol/ratings';
import { el } from '../web/shared/dom';
import { formatNumber } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';

/** Riders' ratings of the range's trips: the mean and how many, and how the stars spread (issue 14 §4). */
export function ratingsPanel(r: RatingSummary | null, i18n: I18n): HTMLElement[] {
  const t = i18n.t.bind(i18n);
  const title = el('h2', { class: 'card__title', text: t('planner.ratings.title') });
  if (!r || r.count === 0) return [title, el('p', { class: 'muted', text: t('planner.ratings.none'), data: { testid: 'ratings-none' } })];
  const max = Math.max(...r.byStars);
  return [
    title,
    el(
      'dl',
      { class: 'facts ratings__facts' },
      el('div', { class: 'fact' }, el('dt', { class: 'fact__label', text: t('planner.ratings.mean') }), el('dd', { class: 'fact__value', text: t('planner.ratings.value', { mean: formatNumber(r.meanStars ?? 0, i18n.lang, 2) }), data: { testid: 'ratings-mean' } })),
      el('div', { class: 'fact' }, el('dt', { class: 'fact__label', text: t('planner.ratings.count') }), el('dd', { class: 'fact__value', text: formatNumber(r.count, i18n.lang), data: { testid: 'ratings-count' } })),
    ),
    el(
      'ol',
      { class: 'ratings__bars', attrs: { 'aria-label': t('planner.ratings.title') } },
      ...r.byStars
        .map((n, i) =>
          el(
            'li',
            { class: 'ratings__bar', attrs: { 'aria-label': `${t('rider.rate.stars', { count: i + 1 })}: ${n}` } },
            el('span', { class: 'ratings__stars', text: `${i + 1}★` }),
            el('span', { class: 'ratings__fill', attrs: { style: `width:${max > 0 ? Math.round((100 * n) / max) : 0}%` } }),
            el('span', { class: 'ratings__n', text: formatNumber(n, i18n.lang) }),
          ),
        )
        .reverse(),
    ),
  ];
}
