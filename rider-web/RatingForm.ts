import { RATING_COMMENT_MAX, RATING_STARS_MAX, type TripRating } from '../protocol/ratings';
import { el } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';

/**
 * After the ride: 1 to 5 stars and an optional comment, sent once; the card then thanks the rider. `rated` is the
 * rating this page already sent for the trip (rating again replaces it on the server).
 */
export function ratingForm(tripId: string, i18n: I18n, rated: TripRating | null, send: (stars: number, comment: string) => Promise<TripRating>): HTMLElement {
  const t = i18n.t.bind(i18n);
  if (rated) return el('p', { class: 'rating__thanks', text: t('rider.rate.thanks', { count: rated.stars }), data: { testid: 'rating-thanks' } });
  let stars = 0;
  const buttons = Array.from({ length: RATING_STARS_MAX }, (_, i) =>
    el('button', {
      class: 'rating__star',
      text: '★',
      attrs: { type: 'button', role: 'radio', 'aria-checked': 'false', 'aria-label': t('rider.rate.stars', { count: i + 1 }) },
      data: { testid: `rating-star-${i + 1}` },
      on: { click: () => pick(i + 1) },
    }),
  );
  const pick = (n: number) => {
    stars = n;
    buttons.forEach((b, i) => {
      b.setAttribute('aria-checked', String(i + 1 === n));
      b.classList.toggle('rating__star--on', i < n);
    });
    note.hidden = true;
  };
  const comment = el('textarea', { class: 'rating__comment', attrs: { maxlength: String(RATING_COMMENT_MAX), rows: '2', 'aria-label': t('rider.rate.comment'), placeholder: t('rider.rate.comment') }, data: { testid: 'rating-comment' } });
  const note = el('p', { class: 'rating__note', text: t('rider.rate.pickStars'), attrs: { role: 'status' } });
  note.hidden = true;
  const root = el('form', { class: 'rating', data: { testid: `rating-${tripId}` } });
  const submit = el('button', { class: 'button button--primary', text: t('rider.rate.submit'), attrs: { type: 'submit' }, data: { testid: 'rating-submit' } });
  root.addEventListener('submit', (e) => {
    e.preventDefault();
    if (stars === 0) {
      note.hidden = false;
      return;
    }
    submit.disabled = true;
    send(stars, comment.value).then(
      (r) => root.replaceWith(ratingForm(tripId, i18n, r, send)),
      () => (submit.disabled = false),
    );
  });
  root.append(
    el('p', { class: 'rating__title', text: t('rider.rate.title') }),
    el('div', { class: 'rating__stars', attrs: { role: 'radiogroup', 'aria-label': t('rider.rate.title') } }, ...buttons),
    comment,
    note,
    el('div', { class: 'actions' }, submit),
  );
  return root;
}
