import type { Manifest } from '../protocol/realtime';
import { el } from '../web/shared/dom';
import { formatClock, nowS } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';

/** Shift lengths a driver can pick when starting, in hours. */
export const SHIFT_HOURS = [4, 6, 8, 10] as const;
const DEFAULT_SHIFT_HOURS = 8;

/** On shift until when, with the button that ends it; or the button that starts one, with its length. */
export function shiftCard(
  manifest: Manifest | null,
  i18n: I18n,
  state: { busy: boolean; connected: boolean; gps: string },
  handlers: { onStart: (endsAt: number) => void; onEnd: () => void },
): HTMLElement {
  const t = i18n.t.bind(i18n);
  const onShift = manifest?.onShift ?? false;
  const disabled = state.busy || !state.connected || !manifest;
  if (onShift) {
    const end = el('button', { class: 'button button--secondary', text: t('driver.endShift'), attrs: { type: 'button' }, data: { testid: 'shift-end' }, on: { click: handlers.onEnd } });
    end.disabled = disabled || (manifest?.stops.length ?? 0) > 0;
    return el(
      'section',
      { class: 'card shift shift--on', data: { testid: 'shift', state: 'on' } },
      el('div', { class: 'shift__text' },
        el('strong', { text: t('driver.onShift') }),
        manifest?.shiftEndsAt ? el('span', { class: 'muted', text: t('driver.shiftEndsAt', { time: formatClock(manifest.shiftEndsAt, i18n.lang) }) }) : null,
        el('span', { class: 'muted', text: state.gps }),
      ),
      end,
    );
  }
  const hours = el('select', { class: 'field__input shift__hours', attrs: { 'aria-label': t('driver.shiftLength') }, data: { testid: 'shift-hours' } },
    ...SHIFT_HOURS.map((h) => el('option', { text: t('driver.hours', { hours: h }), attrs: { value: String(h), ...(h === DEFAULT_SHIFT_HOURS ? { selected: '' } : {}) } })),
  );
  const start = el('button', { class: 'button button--primary', text: t('driver.startShift'), attrs: { type: 'button' }, data: { testid: 'shift-start' }, on: { click: () => handlers.onStart(nowS() + Number(hours.value) * 3600) } });
  start.disabled = disabled;
  return el('section', { class: 'card shift shift--off', data: { testid: 'shift', state: 'off' } }, el('div', { class: 'shift__text' }, el('strong', { text: t('driver.offShift') })), hours, start);
}
