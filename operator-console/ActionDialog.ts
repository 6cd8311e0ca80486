import { describeError } from '../web/shared/describeError';
import { el, render } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';

export interface DialogSpec {
  title: string;
  /** Fields and explanations shown above the buttons. */
  body: Node[];
  confirmLabel: string;
  /** Runs on confirm; resolving `false` keeps the dialog open (it said why), throwing shows the error in it. */
  onConfirm: () => Promise<boolean | void>;
  /** `danger` for what cannot be undone (cancel a trip, take a vehicle out of service). */
  tone?: 'primary' | 'danger';
  testid: string;
}

/**
 * The console's one modal (a native <dialog>, so focus and Escape behave): a title, fields, Cancel and a
 * confirm button that stays disabled while the call runs. Errors stay inside the dialog next to what caused them.
 */
export class ActionDialog {
  private readonly error = el('p', { class: 'alert', attrs: { role: 'alert' }, data: { testid: 'dialog-error' } });

  constructor(
    private readonly node: HTMLDialogElement,
    private readonly i18n: I18n,
  ) {
    node.addEventListener('close', () => render(node));
  }

  open(spec: DialogSpec): void {
    this.error.hidden = true;
    const confirm = el('button', {
      class: `button button--${spec.tone ?? 'primary'}`,
      text: spec.confirmLabel,
      attrs: { type: 'submit' },
      data: { testid: 'dialog-confirm' },
    });
    const form = el(
      'form',
      { class: 'ops-dialog__form', attrs: { method: 'dialog', 'aria-labelledby': 'dialog-title' } },
      el('h2', { class: 'ops-dialog__title', text: spec.title, attrs: { id: 'dialog-title' } }),
      ...spec.body,
      this.error,
      el(
        'div',
        { class: 'ops-dialog__buttons' },
        el('button', { class: 'button button--secondary', text: this.i18n.t('operator.close'), attrs: { type: 'button' }, data: { testid: 'dialog-cancel' }, on: { click: () => this.node.close() } }),
        confirm,
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      confirm.disabled = true;
      this.error.hidden = true;
      spec
        .onConfirm()
        .then((done) => {
          if (done !== false) this.node.close();
        })
        .catch((err: unknown) => this.fail(err))
        .finally(() => (confirm.disabled = false));
    });
    render(this.node, form);
    this.node.dataset.testid = spec.testid;
    if (!this.node.open) this.node.showModal();
    form.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }

  fail(e: unknown): void {
    this.error.textContent = describeError(e, this.i18n);
    this.error.hidden = false;
  }

  close(): void {
    if (this.node.open) this.node.close();
  }
}

/** A labelled input for a dialog. */
export function dialogField(id: string, label: string, input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): HTMLElement {
  input.id = id;
  input.classList.add('field__input');
  if (!input.dataset.testid) input.dataset.testid = id;
  return el('div', { class: 'field' }, el('label', { class: 'field__label', text: label, attrs: { for: id } }), input);
}
