import type { RequestOutcomes } from '../../protocol/metrics';
import type { OfflineBound } from './offlineBound';
import type { ScenarioResult } from './runScenario';
import type { BreakCause } from '../kpi/promiseKpis';

/** The per-fleet figures the what-if command prints (and the `--json` interface other tools read). */
export interface FleetFigures {
  mode: 'pooled' | 'nearestIdle';
  fleet: number;
  served: number;
  requests: number;
  servedShare: number;
  meanWaitS: number | null;
  p50WaitS: number | null;
  p90WaitS: number | null;
  meanDetourRatio: number | null;
  p50DetourRatio: number | null;
  p90DetourRatio: number | null;
  /** Share of vehicle-time with nothing planned while requests came in. */
  idleShare: number;
  /** What became of every request (from the event log). */
  outcomes: RequestOutcomes;
  meanOccupancy: number | null;
  passengersPerVehicleHour: number | null;
  vehicleKm: number;
  passengerKm: number;
  /** Trips with a broken promise (all causes); `brokenPromisesByCause` adds up to it. */
  brokenPromises: number;
  /** Picked-up trips at the curb inside their original accepted window / picked-up trips. */
  onTimePickupShare: number | null;
  /** Completed trips at the destination by their original latest arrival / completed trips. */
  onTimeArrivalShare: number | null;
  promisesMoved: number;
  brokenPromisesByCause: Partial<Record<BreakCause, number>>;
  /** p90 |rider-visible pickup ETA 10 min before the pickup − the pickup|, seconds. */
  etaErrorP90S: number | null;
  /** The same 5 min before. */
  etaErrorP90S5Min: number | null;
  /** Picked-up trips late for their original pickup window or latest arrival / picked-up trips. */
  lateShare: number | null;
  /** `lateShare` of the same run with reactToRisk off (when asked for). */
  wouldHaveBeenLateShare?: number | null;
  /** The perfect-information plan for this fleet size (pooled rows, when computed). */
  offlineBound?: OfflineBound;
}

export function fleetFigures(r: ScenarioResult): FleetFigures {
  const m = r.metrics;
  // Riders carried per vehicle-hour of simulated service.
  const vehicleHours = (r.fleet * r.simulatedS) / 3600;
  return {
    mode: r.mode,
    fleet: r.fleet,
    served: m.completed,
    requests: m.requests,
    servedShare: m.requests > 0 ? m.completed / m.requests : 0,
    meanWaitS: m.meanWaitS,
    p50WaitS: m.p50WaitS,
    p90WaitS: m.p90WaitS,
    meanDetourRatio: m.meanDetourRatio,
    p50DetourRatio: m.p50DetourRatio,
    p90DetourRatio: m.p90DetourRatio,
    idleShare: r.idleShare,
    outcomes: r.fromEvents.outcomes,
    meanOccupancy: r.vehicleKm > 0 ? r.passengerKm / r.vehicleKm : null,
    passengersPerVehicleHour: vehicleHours > 0 ? m.completed / vehicleHours : null,
    vehicleKm: r.vehicleKm,
    passengerKm: r.passengerKm,
    brokenPromises: r.fromEvents.brokenPromises,
    onTimePickupShare: r.fromEvents.onTimePickupShare,
    onTimeArrivalShare: r.fromEvents.onTimeArrivalShare,
    promisesMoved: r.fromEvents.promisesMoved,
    brokenPromisesByCause: r.fromEvents.brokenPromisesByCause,
    etaErrorP90S: r.fromEvents.etaErrorP90S,
    etaErrorP90S5Min: r.fromEvents.etaErrorP90S5Min,
    lateShare: r.fromEvents.lateShare,
  };
}

const n = (v: number | null, digits = 1) => (v === null ? '–' : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? '–' : (100 * v).toFixed(1));

/** Broken promises by cause, one row per run: what broke them (never silent: unreported ones are 'other'). */
export function brokenByCauseTable(rows: FleetFigures[]): string {
  const causes = [...new Set(rows.flatMap((r) => Object.keys(r.brokenPromisesByCause)))].sort();
  const header = ['mode', 'fleet', 'broken', ...causes];
  const body = rows.map((r) => [r.mode, String(r.fleet), String(r.brokenPromises), ...causes.map((c) => String(r.brokenPromisesByCause[c as BreakCause] ?? 0))]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  return [header, ...body].map((cells) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n');
}

/** A plain-text KPI table, one row per run. */
export function kpiTable(rows: FleetFigures[]): string {
  const header = ['mode', 'fleet', 'served', 'served %', 'wait mean s', 'wait p50 s', 'wait p90 s', 'detour', 'detour p50', 'detour p90', 'idle %', 'occupancy', 'pax/veh-h', 'veh-km', 'pax-km', 'broken', 'on-time pickup %', 'on-time arrival %', 'moved', 'ETA p90 10 min s', 'would-be late %', 'offline served', 'offline veh-km'];
  const body = rows.map((r) => [
    r.mode,
    String(r.fleet),
    `${r.served}/${r.requests}`,
    n(100 * r.servedShare),
    n(r.meanWaitS, 0),
    n(r.p50WaitS, 0),
    n(r.p90WaitS, 0),
    n(r.meanDetourRatio, 2),
    n(r.p50DetourRatio, 2),
    n(r.p90DetourRatio, 2),
    n(100 * r.idleShare),
    n(r.meanOccupancy, 2),
    n(r.passengersPerVehicleHour, 2),
    n(r.vehicleKm),
    n(r.passengerKm),
    String(r.brokenPromises),
    pct(r.onTimePickupShare),
    pct(r.onTimeArrivalShare),
    String(r.promisesMoved),
    n(r.etaErrorP90S, 0),
    r.wouldHaveBeenLateShare === undefined ? '–' : pct(r.wouldHaveBeenLateShare),
    r.offlineBound ? `${r.offlineBound.served}/${r.offlineBound.requests}${r.offlineBound.sampled ? ' (sample)' : ''}` : '–',
    r.offlineBound ? n(r.offlineBound.vehicleKm) : '–',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  return [header, ...body].map((cells) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n');
}

/** Where every request ended, one row per run: completed, rejected by reason, declined, accept failed, cancelled, no-show. */
export function outcomesTable(rows: FleetFigures[]): string {
  const reasons = [...new Set(rows.flatMap((r) => Object.keys(r.outcomes.rejected)))].sort();
  const header = ['mode', 'fleet', 'completed', ...reasons.map((x) => `rejected ${x}`), 'declined', 'accept failed', 'cancelled', 'no-show'];
  const body = rows.map((r) => {
    const o = r.outcomes;
    const rejected = o.rejected as Record<string, number | undefined>;
    return [r.mode, String(r.fleet), String(o.completed), ...reasons.map((x) => String(rejected[x] ?? 0)), String(o.declined), String(o.acceptFailed), String(o.cancelled), String(o.noShow)];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  return [header, ...body].map((cells) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n');
}

/** One point of the service-level curve: a promised pickup window width and what the fleet did with it. */
export interface ServiceLevelPoint {
  windowS: number;
  fleet: number;
  servedShare: number;
  vehicleKm: number;
  meanWaitS: number | null;
  brokenPromises: number;
}

export function serviceLevelTable(points: ServiceLevelPoint[]): string {
  const header = ['window min', 'fleet', 'served %', 'veh-km', 'wait mean s', 'broken'];
  const body = points.map((p) => [n(p.windowS / 60), String(p.fleet), n(100 * p.servedShare), n(p.vehicleKm), n(p.meanWaitS, 0), String(p.brokenPromises)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  return [header, ...body].map((cells) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n');
}

/** Vehicle-km per passenger-km: lower is better (the same riders carried with less driving). */
export function vehicleKmPerPassengerKm(r: FleetFigures): number | null {
  return r.passengerKm > 0 ? r.vehicleKm / r.passengerKm : null;
}

function bars(title: string, rows: FleetFigures[], value: (r: FleetFigures) => number | null, unit: string): string {
  const values = rows.map((r) => value(r) ?? 0);
  const max = Math.max(1e-9, ...values);
  const w = 520;
  const barH = 22;
  const h = rows.length * (barH + 8) + 30;
  const items = rows
    .map((r, i) => {
      const y = 24 + i * (barH + 8);
      const len = Math.round((values[i] / max) * (w - 190));
      const color = r.mode === 'pooled' ? '#1f6feb' : '#9a6700';
      return `<text x="0" y="${y + 15}" font-size="12">${r.mode === 'pooled' ? 'Anystop' : 'baseline'} ×${r.fleet}</text><rect x="110" y="${y}" width="${len}" height="${barH}" fill="${color}"/><text x="${116 + len}" y="${y + 15}" font-size="12">${values[i].toFixed(2)} ${unit}</text>`;
    })
    .join('');
  return `<figure><figcaption>${title}</figcaption><svg width="${w}" height="${h}" role="img" aria-label="${title}">${items}</svg></figure>`;
}

/** Served requests, live against the perfect-information bound, per fleet size. */
function offlineBars(rows: FleetFigures[]): string {
  const withBound = rows.filter((r) => r.offlineBound);
  if (withBound.length === 0) return '';
  const expanded: FleetFigures[] = withBound.flatMap((r) => [r, { ...r, mode: 'nearestIdle' as const, served: r.offlineBound!.served, requests: r.offlineBound!.requests }]);
  const svg = bars('Served requests: Anystop live (blue) against the offline bound (brown)', expanded, (r) => r.served, '');
  const sampled = withBound.some((r) => r.offlineBound!.sampled) ? '<p>The offline bound was computed on a sample: the first requests by time.</p>' : '';
  return svg.replace(/>baseline ×/g, '>offline ×') + sampled;
}

/** Two polylines over the window widths: served share (blue, left scale 0–100 %) and veh-km (brown, right scale). */
function curve(title: string, points: ServiceLevelPoint[]): string {
  const w = 520;
  const h = 220;
  const xs = points.map((p) => p.windowS / 60);
  const x0 = Math.min(...xs);
  const x1 = Math.max(x0 + 1e-9, ...xs);
  const km = Math.max(1e-9, ...points.map((p) => p.vehicleKm));
  const X = (x: number) => 40 + ((x - x0) / (x1 - x0)) * (w - 80);
  const Y = (f: number) => h - 30 - f * (h - 60);
  const line = (f: (p: ServiceLevelPoint) => number, color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${X(p.windowS / 60).toFixed(1)},${Y(f(p)).toFixed(1)}`).join(' ')}"/>`;
  const labels = points.map((p) => `<text x="${X(p.windowS / 60).toFixed(1)}" y="${h - 10}" font-size="11" text-anchor="middle">${(p.windowS / 60).toFixed(0)}</text>`).join('');
  return `<figure><figcaption>${title}</figcaption><svg width="${w}" height="${h}" role="img" aria-label="${title}">${line((p) => p.servedShare, '#1f6feb')}${line((p) => p.vehicleKm / km, '#9a6700')}${labels}<text x="0" y="20" font-size="11">100 %</text><text x="${w - 60}" y="20" font-size="11">${km.toFixed(0)} km</text></svg></figure>`;
}

/** A self-contained HTML report (inline SVG charts, no external files). */
export function whatIfHtml(rows: FleetFigures[], meta: Record<string, string | number>, serviceLevels: ServiceLevelPoint[] = []): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Anystop what-if</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#1f2328}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #d0d7de;text-align:right}th{background:#f6f8fa}figure{margin:1.5rem 0}figcaption{font-weight:600;margin-bottom:.3rem}</style></head><body>
<h1>What-if: fleet sizes</h1><p>${Object.entries(meta).map(([k, v]) => `${esc(k)}: <b>${esc(String(v))}</b>`).join(' · ')}</p>
<pre>${esc(kpiTable(rows))}</pre>
<h2>Where every request ended</h2><pre>${esc(outcomesTable(rows))}</pre>
<h2>Broken promises by cause</h2><pre>${esc(brokenByCauseTable(rows))}</pre>
${offlineBars(rows)}
${serviceLevels.length > 0 ? `<h2>Service levels: promised pickup window</h2><pre>${esc(serviceLevelTable(serviceLevels))}</pre>${curve('Served share (%) and veh-km against the promised window width (min)', serviceLevels)}` : ''}
${bars('Share of requests served', rows, (r) => 100 * r.servedShare, '%')}
${bars('Mean wait (minutes)', rows, (r) => (r.meanWaitS ?? 0) / 60, 'min')}
${bars('Passengers per vehicle-hour', rows, (r) => r.passengersPerVehicleHour, '')}
${bars('Vehicle-km per passenger-km (lower is better)', rows, vehicleKmPerPassengerKm, '')}
</body></html>`;
}
