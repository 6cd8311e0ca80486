import { el } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';

const VEHICLE_KEY = 'anystop.vehicleId';

/** The vehicle this tablet is signed in to, kept on the device. */
export const signedInVehicle = {
  get: (): string | null => localStorage.getItem(VEHICLE_KEY),
  set: (id: string | null): void => (id ? localStorage.setItem(VEHICLE_KEY, id) : localStorage.removeItem(VEHICLE_KEY)),
};

/**
 * Sign in with the vehicle id painted on the dashboard (the ids PUT /vehicles/:id uses). The console remembers
 * the id only once the dispatcher has welcomed it; an id it refused comes back here with `error`.
 */
export function signInForm(i18n: I18n, onSignIn: (vehicleId: string) => void, error: { vehicleId: string; message: string } | null = null): HTMLElement {
  const t = i18n.t.bind(i18n);
  const input = el('input', {
    class: 'field__input field__input--large',
    attrs: { id: 'vehicle-id', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: '64', required: '', ...(error ? { 'aria-invalid': 'true', 'aria-describedby': 'sign-in-error' } : {}) },
    data: { testid: 'vehicle-id' },
  });
  if (error) input.value = error.vehicleId;
  const form = el(
    'form',
    { class: 'card sign-in', data: { testid: 'sign-in' } },
    el('h2', { class: 'sign-in__title', text: t('driver.signInTitle') }),
    el('p', { class: 'muted', text: t('driver.signInHelp') }),
    el('label', { class: 'field__label', text: t('driver.vehicleId'), attrs: { for: 'vehicle-id' } }),
    input,
    error ? el('p', { class: 'alert', text: error.message, attrs: { id: 'sign-in-error', role: 'alert' }, data: { testid: 'sign-in-error' } }) : null,
    el('button', { class: 'button button--primary button--block big-button', text: t('driver.signIn'), attrs: { type: 'submit' }, data: { testid: 'sign-in-submit' } }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = input.value.trim();
    if (!input.reportValidity() || !id) return;
    onSignIn(id);
  });
  queueMicrotask(() => input.focus());
  return form;
}
