import { el, render } from '../web/shared/dom';
import { formatDateTime, nowS } from '../web/shared/format';
import type { I18n } from '../web/shared/i18n/I18n';
import type { AuditEvent } from '../protocol/operator';
import { operatorApi } from './operatorApi';

const RANGES = { hour: 3600, day: 24 * 3600 } as const;
type Range = keyof typeof RANGES;

/** Pages (of the largest size) read at most for one view; rows shown at most, newest first. */
const MAX_PAGES = 20;
const MAX_ROWS = 500;

/** Payload fields shown in their own columns; the rest is listed as details. */
const OWN_COLUMNS = new Set(['by', 'reason', 'action']);

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** "vehicleId=bus-2 · dryRun=false": the payload's other fields, short. */
export function eventDetails(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([k]) => !OWN_COLUMNS.has(k))
    .map(([k, v]) => `${k}=${text(v)}`)
    .join(' · ');
}

/**
 * The audit trail (GET /events): what happened in the last hour or day, newest first; operator actions say who
 * did them and why. "Operator actions only" hides the dispatcher's own events.
 */
export class AuditTrail {
  readonly root: HTMLElement;
  /** Scrolls sideways on a narrow panel: focusable, so a keyboard can scroll it too. */
  private readonly table = el('div', { class: 'audit__table', attrs: { tabindex: '0', role: 'region' }, data: { testid: 'audit-table' } });
  private readonly controls = el('div', { class: 'audit__controls' });
  private range: Range = 'hour';
  private onlyOperators = false;
  private events: AuditEvent[] = [];
  private failed: string | null = null;

  constructor(
    private readonly i18n: I18n,
    private readonly onError: (e: unknown) => void,
  ) {
    this.root = el('section', { class: 'audit', data: { testid: 'audit' } }, this.controls, this.table);
    i18n.onChange(() => this.draw());
  }

  async reload(): Promise<void> {
    const to = nowS() + 60;
    try {
      const events: AuditEvent[] = [];
      let after: number | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await operatorApi.events(to - RANGES[this.range], to, after);
        events.push(...answer.events);
        if (answer.nextAfter === null) break;
        after = answer.nextAfter;
      }
      this.events = events.sort((a, b) => b.seq - a.seq);
      this.failed = null;
    } catch (e) {
      this.events = [];
      this.failed = e instanceof Error ? e.message : String(e);
      this.onError(e);
    }
    this.draw();
  }

  private draw(): void {
    const t = this.i18n;
    this.table.setAttribute('aria-label', t.t('operator.tab.audit'));
    render(
      this.controls,
      el(
        'div',
        { class: 'segmented', attrs: { role: 'group', 'aria-label': t.t('operator.auditRange') } },
        ...(Object.keys(RANGES) as Range[]).map((r) =>
          el('button', {
            class: `segmented__option${r === this.range ? ' segmented__option--on' : ''}`,
            text: t.t(`operator.auditRange.${r}`),
            attrs: { type: 'button', 'aria-pressed': String(r === this.range) },
            data: { testid: `audit-range-${r}` },
            on: { click: () => ((this.range = r), void this.reload()) },
          }),
        ),
      ),
      el(
        'label',
        { class: 'checkbox' },
        el('input', {
          attrs: { type: 'checkbox', ...(this.onlyOperators ? { checked: '' } : {}) },
          data: { testid: 'audit-only-operators' },
          on: { change: (e) => ((this.onlyOperators = (e.target as HTMLInputElement).checked), this.draw()) },
        }),
        t.t('operator.auditOnlyOperators'),
      ),
      el('button', { class: 'chip-button chip-button--secondary', text: t.t('operator.refresh'), attrs: { type: 'button' }, data: { testid: 'audit-refresh' }, on: { click: () => void this.reload() } }),
    );
    const shown = this.events.filter((e) => !this.onlyOperators || e.type === 'operator_action').slice(0, MAX_ROWS);
    if (shown.length === 0) return render(this.table, el('p', { class: 'muted', text: this.failed ? t.t('operator.auditUnavailable') : t.t('operator.auditEmpty'), data: { testid: 'audit-empty' } }));
    const head = ['auditTime', 'auditType', 'auditTrip', 'auditVehicle', 'auditBy', 'auditReason', 'auditDetails'] as const;
    render(
      this.table,
      el(
        'table',
        { class: 'audit-table' },
        el('caption', { class: 'sr-only', text: t.t('operator.tab.audit') }),
        el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { text: t.t(`operator.${h}`), attrs: { scope: 'col' } })))),
        el(
          'tbody',
          {},
          ...shown.map((e) =>
            el(
              'tr',
              { data: { testid: 'audit-row', type: e.type, seq: String(e.seq), tripId: e.tripId ?? '' } },
              el('td', { class: 'nowrap', text: formatDateTime(e.at, t.lang) }),
              el('td', { text: e.type === 'operator_action' && typeof e.payload.action === 'string' ? `${e.type}: ${e.payload.action}` : e.type }),
              el('td', { class: 'audit-table__id', text: e.tripId ? e.tripId.slice(0, 8) : '', attrs: e.tripId ? { title: e.tripId } : {} }),
              el('td', { text: e.vehicleId ?? '' }),
              el('td', { text: e.payload.by === undefined ? '' : text(e.payload.by), data: { testid: 'audit-by' } }),
              el('td', { text: e.payload.reason === undefined ? '' : text(e.payload.reason), data: { testid: 'audit-reason' } }),
              el('td', { class: 'audit-table__details', text: eventDetails(e.payload) }),
            ),
          ),
        ),
      ),
    );
  }
}
