import type { Manifest, ManifestStop } from '../protocol/realtime';
import { el } from '../web/shared/dom';
import { formatClock, formatDistanceM, formatWindow } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';
import { STOP_BUTTONS, type StopButton, stopEventFor } from './stopActions';
import type { StopEvent } from '../protocol/trips';

const LABELS: Record<StopButton, TextKey> = {
  arrived: 'driver.arrived',
  picked_up: 'driver.pickedUp',
  no_show: 'driver.noShow',
  dropped_off: 'driver.droppedOff',
};

export interface NextStopState {
  busy: boolean;
  connected: boolean;
  nowS: number;
  /** Metres left along the route to the next stop, from where the bus is (null: no route or no position yet). */
  remainingM: number | null;
  /** Reports waiting for the link to come back. */
  queued: number;
  /** A report far from the stop, waiting for the driver's confirmation. */
  confirm: { event: StopEvent; awayM: number } | null;
}

export interface NextStopHandlers {
  onEvent: (tripId: string, event: StopEvent) => void;
  onConfirm: () => void;
  onCancelConfirm: () => void;
}

/** A link that hands the way to the stop to the device's navigation app (geo: opens the default one). */
function navigationLink(stop: ManifestStop, i18n: I18n): HTMLElement {
  const [lon, lat] = stop.location;
  return el('a', {
    class: 'button button--secondary next-stop__navigate',
    text: i18n.t('driver.navigate'),
    attrs: { href: `geo:${lat},${lon}?q=${lat},${lon}`, rel: 'noopener' },
    data: { testid: 'navigate' },
  });
}

/**
 * The next stop in large type (kind, rider, party, time, street, distance and arrival), the hand-off to a
 * navigation app, and the four large buttons that report what happened there. While the link is down the
 * buttons still work (the report is queued); a no-show waits until the dispatcher's wait is over.
 */
export function nextStopCard(manifest: Manifest | null, i18n: I18n, state: NextStopState, handlers: NextStopHandlers): HTMLElement {
  const t = i18n.t.bind(i18n);
  const lang = i18n.lang;
  const stop = manifest?.stops[0];
  const noShowAt = stop?.noShowAllowedAtS ?? null;
  const buttons = el(
    'div',
    { class: 'stop-buttons' },
    ...STOP_BUTTONS.map((b) => {
      const event = stopEventFor(b, stop);
      const tooEarly = b === 'no_show' && event !== null && (noShowAt === null || state.nowS < noShowAt);
      const button = el('button', {
        class: `big-button big-button--${b}`,
        text: t(LABELS[b]),
        attrs: { type: 'button' },
        data: { testid: `stop-${b}` },
        on: { click: () => stop && event && handlers.onEvent(stop.tripId, event) },
      });
      // Offline the buttons stay usable (the report is queued), but never two reports in flight at once.
      button.disabled = !event || state.busy || tooEarly || state.confirm !== null;
      return button;
    }),
  );
  const queued = state.queued > 0 ? el('p', { class: 'next-stop__queued', text: t('driver.queued', { count: state.queued }), attrs: { role: 'status' }, data: { testid: 'queued-reports' } }) : null;
  if (!stop) {
    return el(
      'section',
      { class: 'card next-stop next-stop--none', data: { testid: 'next-stop' } },
      el('h2', { class: 'next-stop__eyebrow', text: t('driver.nextStop') }),
      el('p', { class: 'next-stop__empty', text: t(manifest?.onShift === false ? 'driver.offShift' : manifest?.repositionTo ? 'driver.reposition' : 'driver.noStops') }),
      queued,
      buttons,
    );
  }
  const when = stop.kind === 'pickup' ? formatWindow(stop.earliestS, stop.latestS, lang) : t('driver.byTime', { time: formatClock(stop.latestS, lang) });
  const where = [
    state.remainingM === null ? null : t('driver.distance', { distance: formatDistanceM(state.remainingM, lang) }),
    t('driver.eta', { time: formatClock(stop.plannedAt, lang) }),
  ].filter(Boolean).join(' · ');
  const confirm = state.confirm
    ? el(
        'div',
        { class: 'confirm', attrs: { role: 'alertdialog', 'aria-labelledby': 'confirm-text' }, data: { testid: 'off-site-confirm' } },
        el('p', { class: 'confirm__text', text: t('driver.offSiteAsk', { distance: formatDistanceM(state.confirm.awayM, lang), action: i18n.stopEvent(state.confirm.event) }), attrs: { id: 'confirm-text' } }),
        el('div', { class: 'confirm__buttons' },
          el('button', { class: 'button button--primary', text: t('driver.offSiteConfirm'), attrs: { type: 'button' }, data: { testid: 'off-site-yes' }, on: { click: handlers.onConfirm } }),
          el('button', { class: 'button button--secondary', text: t('driver.offSiteCancel'), attrs: { type: 'button' }, data: { testid: 'off-site-no' }, on: { click: handlers.onCancelConfirm } }),
        ),
      )
    : null;
  const noShowNote =
    stop.kind === 'pickup' && stop.state === 'arrived'
      ? el('p', { class: 'next-stop__status', data: { testid: 'no-show-at' } },
          noShowAt === null ? t('driver.atStop') : state.nowS < noShowAt ? t('driver.noShowFrom', { time: formatClock(noShowAt, lang) }) : t('driver.noShowNow'))
      : stop.state === 'arrived'
        ? el('p', { class: 'next-stop__status', text: t('driver.atStop') })
        : null;
  return el(
    'section',
    { class: `card next-stop next-stop--${stop.kind}`, data: { testid: 'next-stop', tripId: stop.tripId, kind: stop.kind, state: stop.state } },
    el('h2', { class: 'next-stop__eyebrow', text: t('driver.nextStop') }),
    el('div', { class: 'next-stop__head' },
      el('span', { class: `kind-badge kind-badge--${stop.kind}`, text: t(stop.kind === 'pickup' ? 'driver.pickup' : 'driver.dropoff') }),
      el('span', { class: 'next-stop__rider', text: stop.riderName || t('driver.rider'), data: { testid: 'next-stop-rider' } }),
    ),
    el('p', { class: 'next-stop__street', text: stop.street || t('driver.unnamedStreet'), data: { testid: 'next-stop-street' } }),
    el('p', { class: 'next-stop__where' }, el('span', { class: 'nowrap', text: where, data: { testid: 'next-stop-where' } }), navigationLink(stop, i18n)),
    el('p', { class: 'next-stop__detail' },
      el('span', { text: i18n.count('passengers', stop.passengers) }),
      stop.wheelchairs > 0 ? el('span', { class: 'wheelchair', text: i18n.count('wheelchairs', stop.wheelchairs) }) : null,
      el('span', { class: 'next-stop__time nowrap', text: when }),
    ),
    noShowNote,
    queued,
    confirm,
    buttons,
  );
}
