import type { RecurringTripView, WeekdayName } from '../protocol/serviceRules';
import { WEEKDAY_NAMES } from '../protocol/serviceRules';
import { apiCall } from '../web/shared/apiClient';
import { describeError } from '../web/shared/describeError';
import { el, render } from '../web/shared/dom';
import { formatDateTime } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';

/** What a repeat booking takes from the phone booking form. */
export interface RideDraft {
  riderId: string;
  riderName: string | undefined;
  origin: [number, number];
  destination: [number, number];
  passengers: number;
  wheelchairs: number;
}

/** The browser's time zone: the times the operator types are the rider's local times. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * A ride that repeats (a subscription): the phone booking's rider, ends and party, on chosen weekdays at a pickup
 * time, with an optional return. Each occurrence is released into the live plan at the release horizon.
 */
export class RecurringBooking {
  readonly root: HTMLElement;
  private readonly days = new Map<WeekdayName, HTMLInputElement>();
  private readonly pickup: HTMLInputElement;
  private readonly back: HTMLInputElement;
  private readonly result = el('div', { attrs: { 'aria-live': 'polite' }, data: { testid: 'recurring-result' } });
  private readonly nodes: { title: HTMLElement; legend: HTMLElement; pickupLabel: HTMLElement; backLabel: HTMLElement; submit: HTMLButtonElement; dayLabels: Map<WeekdayName, HTMLElement> };

  constructor(
    private readonly i18n: I18n,
    private readonly draft: () => RideDraft | string,
  ) {
    this.pickup = el('input', { class: 'field__input', attrs: { id: 'recurring-pickup', type: 'time' }, data: { testid: 'recurring-pickup' } });
    this.back = el('input', { class: 'field__input', attrs: { id: 'recurring-return', type: 'time' }, data: { testid: 'recurring-return' } });
    const dayLabels = new Map<WeekdayName, HTMLElement>();
    const dayBoxes = WEEKDAY_NAMES.map((d) => {
      const box = el('input', { attrs: { type: 'checkbox', value: d }, data: { testid: `recurring-day-${d}` } });
      this.days.set(d, box);
      const text = el('span');
      dayLabels.set(d, text);
      return el('label', { class: 'checkbox' }, box, text);
    });
    this.nodes = {
      title: el('h3', { class: 'card__title' }),
      legend: el('legend', { class: 'field__label' }),
      pickupLabel: el('label', { class: 'field__label', attrs: { for: 'recurring-pickup' } }),
      backLabel: el('label', { class: 'field__label', attrs: { for: 'recurring-return' } }),
      submit: el('button', { class: 'button button--secondary button--block', attrs: { type: 'button' }, data: { testid: 'recurring-submit' }, on: { click: () => void this.subscribe() } }),
      dayLabels,
    };
    this.root = el(
      'section',
      { class: 'card recurring', data: { testid: 'recurring' } },
      this.nodes.title,
      el('fieldset', { class: 'recurring__days' }, this.nodes.legend, ...dayBoxes),
      el('div', { class: 'booking-form__row' }, el('div', { class: 'field' }, this.nodes.pickupLabel, this.pickup), el('div', { class: 'field' }, this.nodes.backLabel, this.back)),
      this.nodes.submit,
      this.result,
    );
    i18n.onChange(() => this.relabel());
    this.relabel();
  }

  private relabel(): void {
    const t = this.i18n;
    this.nodes.title.textContent = t.t('operator.recurringTitle');
    this.nodes.legend.textContent = t.t('operator.recurringDays');
    for (const [d, node] of this.nodes.dayLabels) node.textContent = t.t(`operator.weekday.${d}`);
    this.nodes.pickupLabel.textContent = t.t('operator.recurringPickup');
    this.nodes.backLabel.textContent = t.t('operator.recurringReturn');
    this.nodes.submit.textContent = t.t('operator.recurringSubmit');
  }

  private async subscribe(): Promise<void> {
    const t = this.i18n;
    const draft = this.draft();
    const days = WEEKDAY_NAMES.filter((d) => this.days.get(d)!.checked);
    const problem = typeof draft === 'string' ? draft : days.length === 0 ? t.t('operator.recurringNeedDays') : !this.pickup.value ? t.t('operator.recurringNeedTime') : null;
    if (problem || typeof draft === 'string') return render(this.result, el('p', { class: 'alert', text: problem ?? '' }));
    this.nodes.submit.disabled = true;
    try {
      const made = await apiCall<RecurringTripView>('POST', '/recurring-trips', {
        ...draft,
        days,
        pickupTime: this.pickup.value,
        ...(this.back.value ? { returnTime: this.back.value } : {}),
        timezone: TIME_ZONE,
      });
      const next = made.upcoming[0];
      render(
        this.result,
        el('p', { class: 'notice', text: next ? t.t('operator.recurringMade', { next: formatDateTime(next.pickupAt, t.lang) }) : t.t('operator.recurringMadeNone'), data: { testid: 'recurring-made', recurringId: made.id } }),
      );
    } catch (e) {
      render(this.result, el('p', { class: 'alert', text: describeError(e, t) }));
    } finally {
      this.nodes.submit.disabled = false;
    }
  }
}
