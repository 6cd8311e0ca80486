import type { Manifest } from '../protocol/realtime';
import { el } from '../web/shared/dom';
import { formatClock, formatWindow } from '../web/shared/format';
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

/**
 * The next stop in large type (kind, rider, party, time) and the four large buttons that report what
 * happened there. Buttons wait while a report is on its way and while the link is down.
 */
export function nextStopCard(manifest: Manifest | null, i18n: I18n, state: { busy: boolean; connected: boolean }, onEvent: (tripId: string, event: StopEvent) => void): HTMLElement {
  const t = i18n.t.bind(i18n);
  const stop = manifest?.stops[0];
  const buttons = el(
    'div',
    { class: 'stop-buttons' },
    ...STOP_BUTTONS.map((b) => {
      const event = stopEventFor(b, stop);
      const button = el('button', {
        class: `big-button big-button--${b}`,
        text: t(LABELS[b]),
        attrs: { type: 'button' },
        data: { testid: `stop-${b}` },
        on: { click: () => stop && event && onEvent(stop.tripId, event) },
      });
      button.disabled = !event || state.busy || !state.connected;
      return button;
    }),
  );
  if (!stop) {
    return el(
      'section',
      { class: 'card next-stop next-stop--none', data: { testid: 'next-stop' } },
      el('p', { class: 'next-stop__eyebrow', text: t('driver.nextStop') }),
      el('p', { class: 'next-stop__empty', text: t(manifest?.onShift === false ? 'driver.offShift' : 'driver.noStops') }),
      buttons,
    );
  }
  const lang = i18n.lang;
  const when = stop.kind === 'pickup' ? formatWindow(stop.earliestS, stop.latestS, lang) : t('driver.byTime', { time: formatClock(stop.latestS, lang) });
  return el(
    'section',
    { class: `card next-stop next-stop--${stop.kind}`, data: { testid: 'next-stop', tripId: stop.tripId, kind: stop.kind, state: stop.state } },
    el('p', { class: 'next-stop__eyebrow', text: t('driver.nextStop') }),
    el('div', { class: 'next-stop__head' },
      el('span', { class: `kind-badge kind-badge--${stop.kind}`, text: t(stop.kind === 'pickup' ? 'driver.pickup' : 'driver.dropoff') }),
      el('span', { class: 'next-stop__rider', text: stop.riderName || t('driver.rider') }),
    ),
    el('p', { class: 'next-stop__detail' },
      el('span', { text: i18n.count('passengers', stop.passengers) }),
      stop.wheelchairs > 0 ? el('span', { class: 'wheelchair', text: i18n.count('wheelchairs', stop.wheelchairs) }) : null,
      el('span', { class: 'next-stop__time', text: when }),
    ),
    stop.state === 'arrived' ? el('p', { class: 'next-stop__status', text: t('driver.atStop') }) : null,
    buttons,
  );
}
