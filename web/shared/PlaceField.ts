import type { PlaceKind, PlaceView } from '../../protocol/pages';
import { api, ApiFailure } from './apiClient';
import { el } from './dom';
import type { I18n } from './i18n/I18n';
import type { TextKey } from './i18n/Dictionary';

/** How each kind of place is named under its suggestion. */
const PLACE_KIND: Record<PlaceKind, TextKey> = { street: 'rider.placeKind.street', landmark: 'rider.placeKind.landmark', address: 'rider.placeKind.address' };

/** Wait after the last keystroke before searching. */
const SEARCH_DEBOUNCE_MS = 200;

export interface ChosenPlace {
  location: [number, number];
  /** A street name, or null for a point tapped on the map. */
  name: string | null;
}

/**
 * One end of the trip (from or to): a search box over the street names (GET /places), or a point tapped
 * on the map while this field is the active one.
 */
export class PlaceField {
  readonly root: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly labelNode: HTMLElement;
  private place: ChosenPlace | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searching: AbortController | null = null;
  /** The suggestions on show, best first: Enter takes the highlighted one, else the first. */
  private shown: PlaceView[] = [];
  /** The suggestion the arrow keys moved to, or -1 for none. */
  private highlighted = -1;
  /** An Enter whose search has not answered yet (the form waits for it before it reads the place). */
  private picking: Promise<void> | null = null;

  constructor(
    private readonly i18n: I18n,
    private readonly options: {
      id: string;
      label: TextKey;
      placeholder: TextKey;
      onActivate: () => void;
      onChange: (p: ChosenPlace | null) => void;
      onError: (e: unknown) => void;
      /** Where the rider looks or stands: a long street is placed at its point nearest to it. */
      near: () => [number, number] | null;
    },
  ) {
    this.labelNode = el('label', { class: 'field__label', attrs: { for: `${options.id}-input` } });
    this.input = el('input', {
      class: 'field__input',
      attrs: { id: `${options.id}-input`, type: 'search', autocomplete: 'off', enterkeyhint: 'search', role: 'combobox', 'aria-autocomplete': 'list', 'aria-controls': `${options.id}-list`, 'aria-expanded': 'false' },
      data: { testid: `${options.id}-input` },
      on: {
        focus: () => options.onActivate(),
        input: () => this.queueSearch(),
        keydown: (e) => {
          if (e.key === 'Escape') this.closeList();
          if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !this.list.hidden && this.shown.length > 0) {
            e.preventDefault();
            this.highlight(e.key === 'ArrowDown' ? this.highlighted + 1 : this.highlighted - 1);
          }
          if (e.key === 'Enter') {
            // Enter picks the first match (searching now if the typing pause has not run the search yet).
            e.preventDefault();
            const pick = this.pickFirst().finally(() => {
              if (this.picking === pick) this.picking = null;
            });
            this.picking = pick;
          }
        },
      },
    });
    this.list = el('ul', { class: 'suggestions', attrs: { id: `${options.id}-list`, role: 'listbox' }, data: { testid: `${options.id}-suggestions` } });
    this.list.hidden = true;
    this.root = el('div', { class: `field field--place field--${options.id}`, data: { testid: `${options.id}-field` } }, this.labelNode, this.input, this.list);
    this.relabel();
  }

  get value(): ChosenPlace | null {
    return this.place;
  }

  /** Resolves once a place picked with Enter is set (at once when none is being looked up). */
  async settled(): Promise<void> {
    await this.picking;
  }

  setActive(active: boolean): void {
    this.root.classList.toggle('field--active', active);
  }

  /** Sets the place (from the map, a suggestion or a reset) and shows it in the box. */
  set(place: ChosenPlace | null): void {
    this.place = place;
    this.closeList();
    this.showValue();
    this.options.onChange(place);
  }

  relabel(): void {
    this.labelNode.textContent = this.i18n.t(this.options.label);
    this.input.placeholder = this.i18n.t(this.options.placeholder);
    this.showValue();
  }

  private showValue(): void {
    if (!this.place) this.input.value = '';
    else this.input.value = this.place.name ?? this.i18n.t('rider.pointOnMap', { lat: this.place.location[1].toFixed(4), lon: this.place.location[0].toFixed(4) });
  }

  private queueSearch(): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.search(this.input.value.trim()), SEARCH_DEBOUNCE_MS);
  }

  private async search(q: string): Promise<PlaceView[]> {
    this.searching?.abort();
    if (!q) {
      this.closeList();
      return [];
    }
    const controller = new AbortController();
    this.searching = controller;
    try {
      const { places } = await api.searchPlaces(q, this.options.near(), controller.signal);
      if (controller.signal.aborted) return [];
      this.showSuggestions(places);
      return places;
    } catch (e) {
      if (e instanceof ApiFailure) this.options.onError(e);
      return [];
    }
  }

  private async pickFirst(): Promise<void> {
    const q = this.input.value.trim();
    if (!q) return;
    clearTimeout(this.searchTimer);
    const first = this.list.hidden || this.shown.length === 0 ? (await this.search(q))[0] : this.shown[Math.max(this.highlighted, 0)];
    if (first) this.choose(first);
  }

  private choose(p: PlaceView): void {
    this.set({ location: p.location, name: p.name });
  }

  /** Moves the highlight through the suggestions (wrapping), for keyboard users and screen readers. */
  private highlight(index: number): void {
    const n = this.shown.length;
    this.highlighted = ((index % n) + n) % n;
    const options = this.list.querySelectorAll<HTMLElement>('[role="option"]');
    options.forEach((o, i) => {
      const on = i === this.highlighted;
      o.setAttribute('aria-selected', String(on));
      o.classList.toggle('suggestions__option--active', on);
      if (on) {
        this.input.setAttribute('aria-activedescendant', o.id);
        o.scrollIntoView({ block: 'nearest' });
      }
    });
  }

  private showSuggestions(places: PlaceView[]): void {
    this.shown = places;
    this.highlighted = -1;
    this.input.removeAttribute('aria-activedescendant');
    const latin = this.i18n.lang !== 'ko';
    this.list.replaceChildren(
      ...(places.length === 0
        ? [el('li', { class: 'suggestions__empty', text: this.i18n.t('rider.noPlaces') })]
        : places.map((p, i) =>
            el(
              'li',
              { attrs: { role: 'option', tabindex: '0', id: `${this.options.id}-option-${i}`, 'aria-selected': 'false' }, data: { testid: 'place-suggestion', kind: p.kind }, on: { click: () => this.choose(p), keydown: (e) => e.key === 'Enter' && this.choose(p) } },
              el('span', { class: 'suggestions__name', text: p.name, attrs: { lang: 'ko' } }),
              el('span', { class: 'suggestions__latin', text: latin ? `${p.latin} · ${this.i18n.t(PLACE_KIND[p.kind])}` : this.i18n.t(PLACE_KIND[p.kind]) }),
            ),
          )),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private closeList(): void {
    this.list.hidden = true;
    this.highlighted = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.input.setAttribute('aria-expanded', 'false');
  }
}
