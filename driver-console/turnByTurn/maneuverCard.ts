import type { Manifest } from '../../protocol/realtime';
import { el } from '../../web/shared/dom';
import type { I18n } from '../../web/shared/i18n/I18n';
import { maneuverText } from './maneuverText';
import { navigationLinks } from './navigationHandoff';
import { upcomingManeuver } from './upcomingManeuver';

/** An arrow for each turn, drawn large beside the sentence. */
const ARROWS: Record<string, string> = {
  left: '↰', 'sharp left': '↰', 'slight left': '↖', right: '↱', 'sharp right': '↱', 'slight right': '↗', straight: '↑', uturn: '↶',
};

export interface ManeuverState {
  /** Metres the bus has come along the route to the next stop (0 before the first fix). */
  alongM: number;
  /** The bus left the route and a new one was asked for. */
  rerouting: boolean;
  /** The page's own URL (Naver Map wants to know who calls it). */
  appName: string;
}

/**
 * The next turn in large type ("In 200 m, turn left onto 송파대로"), from the route's steps and how far the
 * bus has come; while a new route is on its way, says so. Below it, the hand-off of the way to the next stop
 * to a navigation app on the device. Nothing without a next stop.
 */
export function maneuverCard(manifest: Manifest | null, i18n: I18n, state: ManeuverState): HTMLElement | null {
  const stop = manifest?.stops[0];
  if (!manifest || !stop) return null;
  const next = upcomingManeuver(manifest.maneuversToNext, state.alongM);
  const t = i18n.t.bind(i18n);
  const label = stop.riderName || t('driver.rider');
  return el(
    'section',
    { class: 'card maneuver', attrs: { 'aria-live': 'polite' }, data: { testid: 'maneuver', type: next?.maneuver.type ?? '', modifier: next?.maneuver.modifier ?? '' } },
    el('h2', { class: 'maneuver__eyebrow', text: t('driver.turn.title') }),
    next
      ? el('p', { class: 'maneuver__now' },
          el('span', { class: 'maneuver__arrow', text: next.maneuver.type === 'arrive' ? '◎' : ARROWS[next.maneuver.modifier ?? 'straight'] ?? '↑', attrs: { 'aria-hidden': 'true' } }),
          el('span', { class: 'maneuver__text', text: maneuverText(next.maneuver, next.inM, i18n.lang), data: { testid: 'maneuver-text' } }))
      : null,
    state.rerouting ? el('p', { class: 'maneuver__rerouting', text: t('driver.turn.rerouting'), attrs: { role: 'status' }, data: { testid: 'rerouting' } }) : null,
    el('p', { class: 'maneuver__handoff' },
      el('span', { class: 'maneuver__handoff-label', text: t('driver.turn.handoff') }),
      ...navigationLinks(stop, label, state.appName).map((l) =>
        el('a', { class: 'button button--secondary maneuver__app', text: t(`driver.turn.app.${l.app}`), attrs: { href: l.href, rel: 'noopener', target: l.href.startsWith('https:') ? '_blank' : '_self' }, data: { testid: `handoff-${l.app}` } }),
      ),
    ),
  );
}
