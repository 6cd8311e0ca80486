import { MAX_PASSENGERS, MAX_PREBOOK_S, MAX_WHEELCHAIRS } from '../protocol/trips';
import { el, render } from '../web/shared/dom';
import { nowS, parseLocalDateTime, toLocalDateTimeValue } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';
import { type ChosenPlace, PlaceField } from '../web/shared/PlaceField';
import { riderName } from './riderIdentity';

export type End = 'origin' | 'destination';

export interface RequestDraft {
  origin: ChosenPlace;
  destination: ChosenPlace;
  riderName: string;
  passengers: number;
  wheelchairs: number;
  /** Epoch seconds, or undefined for now. */
  pickupAt: number | undefined;
}

/** A "later" ride defaults to this far ahead, rounded to 5 minutes. */
const DEFAULT_LEAD_S = 30 * 60;

/**
 * The request: from and to (search or tap the map), party size and wheelchairs, now or later. The map
 * fills the active end; `submit` hands a complete draft over, or says what is missing.
 */
export class RequestForm {
  readonly root: HTMLFormElement;
  readonly from: PlaceField;
  readonly to: PlaceField;
  private active: End = 'origin';
  private passengers = 1;
  private wheelchairs = 0;
  private later = false;
  private readonly nameInput: HTMLInputElement;
  private readonly whenInput: HTMLInputElement;
  private readonly nodes: { title: HTMLElement; locate: HTMLElement; hint: HTMLElement; party: HTMLElement; segments: HTMLElement; nameLabel: HTMLElement; submit: HTMLButtonElement };

  constructor(
    private readonly i18n: I18n,
    private readonly handlers: { onSubmit: (draft: RequestDraft) => void; onPlacesChanged: () => void; onError: (e: unknown) => void; onLocate: () => void; mapCentre: () => [number, number] },
  ) {
    const field = (id: End, label: TextKey, placeholder: TextKey) =>
      new PlaceField(i18n, {
        id,
        label,
        placeholder,
        onActivate: () => this.activate(id),
        onChange: () => this.placeChanged(id),
        onError: handlers.onError,
        // A street is placed at its point nearest to what the rider looks at on the map (not near the other end:
        // two crossing streets would land on one corner).
        near: () => handlers.mapCentre(),
      });
    this.from = field('origin', 'rider.from', 'rider.fromPlaceholder');
    this.to = field('destination', 'rider.to', 'rider.toPlaceholder');
    this.nameInput = el('input', { class: 'field__input', attrs: { id: 'rider-name', maxlength: '80', autocomplete: 'given-name' }, data: { testid: 'rider-name' } });
    this.nameInput.value = riderName.get();
    this.whenInput = el('input', { class: 'field__input', attrs: { type: 'datetime-local', id: 'pickup-at' }, data: { testid: 'pickup-at' } });
    this.nodes = {
      title: el('h2', { class: 'card__title' }),
      locate: el('button', { class: 'link-button locate', attrs: { type: 'button' }, on: { click: () => handlers.onLocate() } }),
      hint: el('p', { class: 'hint', data: { testid: 'map-hint' } }),
      party: el('div', { class: 'party' }),
      segments: el('div', { class: 'segmented', attrs: { role: 'group' } }),
      nameLabel: el('label', { class: 'field__label', attrs: { for: 'rider-name' } }),
      submit: el('button', { class: 'button button--primary button--block', attrs: { type: 'submit' }, data: { testid: 'find-ride' } }),
    };
    const n = this.nodes;
    this.root = el(
      'form',
      { class: 'card request-form', data: { testid: 'request-form' }, attrs: { novalidate: '' } },
      n.title,
      el('div', { class: 'places' }, this.from.root, this.to.root, n.locate),
      n.hint,
      n.party,
      el('div', { class: 'when' }, n.segments, this.whenInput),
      el('div', { class: 'field' }, n.nameLabel, this.nameInput),
      n.submit,
    );
    this.root.addEventListener('submit', (e) => {
      e.preventDefault();
      // A place typed and picked with Enter may still be looked up: the rider meant it, so wait for it.
      void Promise.all([this.from.settled(), this.to.settled()]).then(() => this.submit());
    });
    i18n.onChange(() => {
      this.from.relabel();
      this.to.relabel();
      this.draw();
    });
    this.draw();
    this.activate('origin');
  }

  /** Which end a tap on the map sets. */
  get activeEnd(): End {
    return this.active;
  }

  setPlace(end: End, place: ChosenPlace): void {
    (end === 'origin' ? this.from : this.to).set(place);
  }

  activate(end: End): void {
    this.active = end;
    this.from.setActive(end === 'origin');
    this.to.setActive(end === 'destination');
    this.draw();
  }

  /** While a request is on its way: the button says so and cannot be pressed twice. */
  setBusy(busy: boolean): void {
    this.nodes.submit.disabled = busy;
    this.nodes.submit.textContent = this.i18n.t(busy ? 'rider.searching' : 'rider.findRide');
  }

  private placeChanged(end: End): void {
    if (end === 'origin' && this.from.value && !this.to.value) this.activate('destination');
    this.handlers.onPlacesChanged();
    this.draw();
  }

  private stepper(label: TextKey, testid: string, value: number, min: number, max: number, set: (v: number) => void): HTMLElement {
    const button = (text: string, delta: number, aria: TextKey) =>
      el('button', {
        class: 'stepper__button',
        text,
        attrs: { type: 'button', 'aria-label': this.i18n.t(aria) },
        data: { testid: `${testid}-${delta > 0 ? 'more' : 'fewer'}` },
        on: { click: () => set(Math.min(max, Math.max(min, value + delta))) },
      });
    const minus = button('−', -1, 'rider.fewer');
    const plus = button('+', 1, 'rider.more');
    minus.disabled = value <= min;
    plus.disabled = value >= max;
    return el('div', { class: 'stepper' }, el('span', { class: 'stepper__label', text: this.i18n.t(label) }), minus, el('output', { class: 'stepper__value', text: String(value), data: { testid } }), plus);
  }

  private draw(): void {
    const t = this.i18n.t.bind(this.i18n);
    if (!this.whenInput.value) this.whenInput.value = toLocalDateTimeValue(Math.ceil((nowS() + DEFAULT_LEAD_S) / 300) * 300);
    this.whenInput.min = toLocalDateTimeValue(nowS());
    this.whenInput.max = toLocalDateTimeValue(nowS() + MAX_PREBOOK_S);
    const segment = (later: boolean, key: TextKey) =>
      el('button', {
        class: `segmented__option${this.later === later ? ' segmented__option--on' : ''}`,
        text: t(key),
        attrs: { type: 'button', 'aria-pressed': String(this.later === later) },
        data: { testid: later ? 'when-later' : 'when-now' },
        on: { click: () => ((this.later = later), this.draw()) },
      });
    const hint = !this.from.value || !this.to.value ? t(this.active === 'origin' ? 'rider.tapForOrigin' : 'rider.tapForDestination') : '';
    const n = this.nodes;
    n.title.textContent = t('rider.whereTo');
    n.locate.textContent = t('rider.useMyLocation');
    n.hint.textContent = hint;
    n.hint.hidden = !hint;
    render(
      n.party,
      this.stepper('rider.passengers', 'passengers', this.passengers, 1, MAX_PASSENGERS, (v) => ((this.passengers = v), this.draw())),
      this.stepper('rider.wheelchairs', 'wheelchairs', this.wheelchairs, 0, MAX_WHEELCHAIRS, (v) => ((this.wheelchairs = v), this.draw())),
    );
    render(n.segments, segment(false, 'rider.now'), segment(true, 'rider.later'));
    this.whenInput.hidden = !this.later;
    n.nameLabel.textContent = t('rider.yourName');
    n.submit.textContent = t('rider.findRide');
  }

  private submit(): void {
    const origin = this.from.value;
    const destination = this.to.value;
    if (!origin || !destination) {
      this.activate(origin ? 'destination' : 'origin');
      this.handlers.onError(() => this.i18n.t(origin ? 'rider.needDestination' : 'rider.needOrigin'));
      return;
    }
    const pickupAt = this.later ? parseLocalDateTime(this.whenInput.value) : null;
    if (this.later && pickupAt === null) {
      this.handlers.onError(() => this.i18n.t('rider.needTime'));
      return;
    }
    const name = this.nameInput.value.trim();
    riderName.set(name);
    this.handlers.onSubmit({ origin, destination, riderName: name, passengers: this.passengers, wheelchairs: this.wheelchairs, pickupAt: pickupAt ?? undefined });
  }
}
