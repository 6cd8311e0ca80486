import type { ApiErrorCode } from '../../../protocol/errors';
import type { RejectionReason, StopEvent, TripState } from '../../../protocol/trips';
import type { Dictionary, Language, TextKey } from './Dictionary';
import { en } from './en';
import { ko } from './ko';

const DICTIONARIES: Record<Language, Dictionary> = { en, ko };
const STORAGE_KEY = 'anystop.lang';

function initialLanguage(): Language {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'ko') return asked;
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'ko') return saved;
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/**
 * The page's language: text lookup with `{name}` values, the protocol's codes in plain words, and the
 * static labels of the HTML (data-i18n="key", data-i18n-placeholder, data-i18n-title, data-i18n-aria-label).
 */
export class I18n {
  private current: Language = initialLanguage();
  private readonly listeners: (() => void)[] = [];

  get lang(): Language {
    return this.current;
  }

  get dictionary(): Dictionary {
    return DICTIONARIES[this.current];
  }

  /** The other language, for the switch. */
  get otherLanguage(): Language {
    return this.current === 'en' ? 'ko' : 'en';
  }

  languageName(lang: Language): string {
    return DICTIONARIES[lang].languageName;
  }

  t(key: TextKey, values: Record<string, string | number> = {}): string {
    return this.dictionary.text[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  }

  /** "1 passenger", "3 wheelchairs": a count with its noun, singular or plural as the language has it. */
  count(noun: 'passengers' | 'wheelchairs', n: number): string {
    return this.t(n === 1 ? `count.${noun}.one` : `count.${noun}.other`, { count: n });
  }

  /** The party: passengers, and wheelchairs when there are any. */
  party(passengers: number, wheelchairs: number): string {
    return wheelchairs > 0 ? `${this.count('passengers', passengers)}, ${this.count('wheelchairs', wheelchairs)}` : this.count('passengers', passengers);
  }

  /** An API error code in plain words; a code this page does not know falls back to the server's message. */
  error(code: string, serverMessage?: string): string {
    const d = this.dictionary;
    if (code in d.apiErrors) return d.apiErrors[code as ApiErrorCode];
    if (code in d.wsErrors) return d.wsErrors[code as keyof Dictionary['wsErrors']];
    if (code in d.clientErrors) return d.clientErrors[code as keyof Dictionary['clientErrors']];
    return serverMessage ?? d.apiErrors.Internal;
  }

  rejection(reason: RejectionReason | null): string {
    return reason ? this.dictionary.rejections[reason] : this.dictionary.apiErrors.Internal;
  }

  tripState(state: TripState): string {
    return this.dictionary.tripStates[state];
  }

  stopEvent(event: StopEvent): string {
    return this.dictionary.stopEvents[event];
  }

  setLanguage(lang: Language): void {
    if (lang === this.current) return;
    this.current = lang;
    localStorage.setItem(STORAGE_KEY, lang);
    this.applyTo(document.body);
    for (const fn of this.listeners) fn();
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Fills the static labels under `root` and sets the document's language. */
  applyTo(root: ParentNode): void {
    document.documentElement.lang = this.current;
    const text = this.dictionary.text as Record<string, string>;
    const apply = (attr: string, set: (node: HTMLElement, value: string) => void) => {
      for (const node of root.querySelectorAll<HTMLElement>(`[${attr}]`)) {
        const value = text[node.getAttribute(attr) ?? ''];
        if (value !== undefined) set(node, value);
      }
    };
    apply('data-i18n', (n, v) => (n.textContent = v));
    apply('data-i18n-placeholder', (n, v) => n.setAttribute('placeholder', v));
    apply('data-i18n-title', (n, v) => (n.title = v));
    apply('data-i18n-aria-label', (n, v) => n.setAttribute('aria-label', v));
    const title = document.querySelector<HTMLElement>('[data-i18n-document-title]')?.dataset.i18nDocumentTitle;
    if (title && text[title]) document.title = `${text[title]} · Anystop`;
  }
}

/** A button that switches to the other language; its label is that language's own name. */
export function languageSwitch(i18n: I18n): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'lang-switch';
  button.dataset.testid = 'language-switch';
  const label = () => {
    button.textContent = i18n.languageName(i18n.otherLanguage);
    button.lang = i18n.otherLanguage;
  };
  button.addEventListener('click', () => i18n.setLanguage(i18n.otherLanguage));
  i18n.onChange(label);
  label();
  return button;
}
