import type { BoardTrip, BoardVehicle } from '../protocol/board';
import { describeError } from '../web/shared/describeError';
import { el, render } from '../web/shared/dom';
import type { I18n } from '../web/shared/i18n/I18n';
import { type ActionDialog, dialogField } from './ActionDialog';
import type { MoveViolation } from '../protocol/operator';
import { operatorApi } from './operatorApi';

/**
 * Moving a trip to a vehicle the operator chooses. Each choice is first tried as a dry run, which lists what the move
 * would break (a late promise, a full vehicle, the shift's end); the operator then confirms, giving a reason, which
 * the dispatcher requires for a move that breaks a promise and logs with the move.
 */
export function openManualAssignment(dialog: ActionDialog, i18n: I18n, trip: BoardTrip, vehicles: readonly BoardVehicle[], onDone: (vehicleId: string) => void): void {
  const t = i18n;
  const candidates = vehicles.filter((v) => v.onShift && v.id !== trip.vehicleId);
  const select = el('select', { data: { testid: 'assign-vehicle' } }, el('option', { text: t.t('operator.chooseVehicle'), attrs: { value: '' } }), ...candidates.map((v) => el('option', { text: `${v.name} (${v.id}) · ${t.t('operator.load', { onBoard: v.onBoard, seats: v.seats })}`, attrs: { value: v.id } })));
  const reason = el('textarea', { attrs: { rows: '2', maxlength: '200' }, data: { testid: 'assign-reason' } });
  const reasonField = dialogField('assign-reason', t.t('operator.reason'), reason);
  const check = el('div', { class: 'violations', attrs: { 'aria-live': 'polite' }, data: { testid: 'assign-check' } });
  let checked = 0;

  const showViolations = (violations: readonly MoveViolation[]) => {
    check.dataset.state = violations.length ? 'violations' : 'clear';
    const refused = violations.some((v) => !v.overridable);
    reasonField.classList.toggle('field--required', violations.length > 0 && !refused);
    render(
      check,
      violations.length === 0
        ? el('p', { class: 'violations__clear', text: t.t('operator.moveIsClear'), data: { testid: 'assign-clear' } })
        : el(
            'div',
            {},
            el('p', { class: 'violations__title', text: t.t('operator.moveBreaks') }),
            el('ul', {}, ...violations.map((v) => el('li', { data: { testid: 'assign-violation', code: v.code, overridable: String(v.overridable) } }, el('strong', { text: t.t(`operator.violation.${v.code}`) }), ` ${v.message}`))),
            el('p', { class: 'muted', text: t.t(refused ? 'operator.moveRefused' : 'operator.reasonRequired') }),
          ),
    );
  };

  select.addEventListener('change', () => {
    const vehicleId = select.value;
    const mine = ++checked;
    delete check.dataset.state;
    if (!vehicleId) return render(check);
    render(check, el('p', { class: 'muted', text: t.t('operator.checkingMove') }));
    operatorApi.assign(trip.id, { vehicleId, dryRun: true }).then(
      (answer) => mine === checked && showViolations(answer.violations),
      (e: unknown) => {
        if (mine !== checked) return;
        check.dataset.state = 'error';
        render(check, el('p', { class: 'alert', text: describeError(e, t) }));
      },
    );
  });

  dialog.open({
    title: t.t('operator.moveTitle', { trip: trip.riderName || trip.id }),
    testid: 'assign-dialog',
    body: [
      el('p', { class: 'muted', text: trip.vehicleId ? t.t('operator.moveFrom', { vehicle: trip.vehicleId }) : t.t('operator.noVehicle') }),
      dialogField('assign-vehicle', t.t('operator.toVehicle'), select),
      check,
      reasonField,
    ],
    confirmLabel: t.t('operator.confirmMove'),
    onConfirm: async () => {
      if (!select.value) {
        dialog.fail(new Error(t.t('operator.chooseVehicle')));
        return false;
      }
      const text = reason.value.trim();
      await operatorApi.assign(trip.id, { vehicleId: select.value, ...(text ? { reason: text } : {}) });
      onDone(select.value);
    },
  });
}
