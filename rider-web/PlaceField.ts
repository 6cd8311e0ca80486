import type { PlaceView } from '../protocol/pages';
import { api, ApiFailure } from '../web/shared/apiClient';
import { el } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';
import type { TextKey } from '../web/shared/i18n/Dictionary';

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

  constructor(
    private readonly i18n: I18n,
    private readonly options: { id: string; label: TextKey; placeholder: TextKey; onActivate: () => void; onChange: (p: ChosenPlace | null) => void; onError: (e: unknown) => void },
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

  private async search(q: string): Promise<void> {
    this.searching?.abort();
    if (!q) return this.closeList();
    const controller = new AbortController();
    this.searching = controller;
    try {
      const { places } = await api.searchPlaces(q, controller.signal);
      if (controller.signal.aborted) return;
      this.showSuggestions(places);
    } catch (e) {
      if (e instanceof ApiFailure) this.options.onError(e);
    }
  }

  private showSuggestions(places: PlaceView[]): void {
    const latin = this.i18n.lang !== 'ko';
    this.list.replaceChildren(
      ...(places.length === 0
        ? [el('li', { class: 'suggestions__empty', text: this.i18n.t('rider.noPlaces') })]
        : places.map((p) =>
            el(
              'li',
              { attrs: { role: 'option', tabindex: '0' }, data: { testid: 'place-suggestion' }, on: { click: () => this.set({ location: p.location, name: p.name }), keydown: (e) => e.key === 'Enter' && this.set({ location: p.location, name: p.name }) } },
              el('span', { class: 'suggestions__name', text: p.name, attrs: { lang: 'ko' } }),
              latin ? el('span', { class: 'suggestions__latin', text: p.latin }) : null,
            ),
          )),
    );
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private closeList(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }
}
