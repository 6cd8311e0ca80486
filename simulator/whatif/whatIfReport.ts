import type { ScenarioResult } from './runScenario';

/** The per-fleet figures the what-if command prints (and the `--json` interface other tools read). */
export interface FleetFigures {
  mode: 'pooled' | 'nearestIdle';
  fleet: number;
  served: number;
  requests: number;
  servedShare: number;
  meanWaitS: number | null;
  p90WaitS: number | null;
  meanDetourRatio: number | null;
  meanOccupancy: number | null;
  passengersPerVehicleHour: number | null;
  vehicleKm: number;
  passengerKm: number;
  brokenPromises: number;
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
    p90WaitS: m.p90WaitS,
    meanDetourRatio: m.meanDetourRatio,
    meanOccupancy: r.vehicleKm > 0 ? r.passengerKm / r.vehicleKm : null,
    passengersPerVehicleHour: vehicleHours > 0 ? m.completed / vehicleHours : null,
    vehicleKm: r.vehicleKm,
    passengerKm: r.passengerKm,
    brokenPromises: r.fromEvents.brokenPromises,
  };
}

const n = (v: number | null, digits = 1) => (v === null ? '–' : v.toFixed(digits));

/** A plain-text KPI table, one row per run. */
export function kpiTable(rows: FleetFigures[]): string {
  const header = ['mode', 'fleet', 'served', 'served %', 'wait mean s', 'wait p90 s', 'detour', 'occupancy', 'pax/veh-h', 'veh-km', 'pax-km', 'broken'];
  const body = rows.map((r) => [
    r.mode,
    String(r.fleet),
    `${r.served}/${r.requests}`,
    n(100 * r.servedShare),
    n(r.meanWaitS, 0),
    n(r.p90WaitS, 0),
    n(r.meanDetourRatio, 2),
    n(r.meanOccupancy, 2),
    n(r.passengersPerVehicleHour, 2),
    n(r.vehicleKm),
    n(r.passengerKm),
    String(r.brokenPromises),
  ]);
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

/** A self-contained HTML report (inline SVG charts, no external files). */
export function whatIfHtml(rows: FleetFigures[], meta: Record<string, string | number>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Anystop what-if</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#1f2328}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #d0d7de;text-align:right}th{background:#f6f8fa}figure{margin:1.5rem 0}figcaption{font-weight:600;margin-bottom:.3rem}</style></head><body>
<h1>What-if: fleet sizes</h1><p>${Object.entries(meta).map(([k, v]) => `${esc(k)}: <b>${esc(String(v))}</b>`).join(' · ')}</p>
<pre>${esc(kpiTable(rows))}</pre>
${bars('Share of requests served', rows, (r) => 100 * r.servedShare, '%')}
${bars('Mean wait (minutes)', rows, (r) => (r.meanWaitS ?? 0) / 60, 'min')}
${bars('Passengers per vehicle-hour', rows, (r) => r.passengersPerVehicleHour, '')}
${bars('Vehicle-km per passenger-km (lower is better)', rows, vehicleKmPerPassengerKm, '')}
</body></html>`;
}
