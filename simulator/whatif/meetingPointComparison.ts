import { type FleetFigures, vehicleKmPerPassengerKm } from './whatIfReport';

/** One fleet size run with and without meeting points on the same seeded demand. */
export interface MeetingPointComparisonRow {
  fleet: number;
  with: { vehicleKmPerPassengerKm: number | null; servedShare: number; served: number; vehicleKm: number; brokenPromises: number };
  without: { vehicleKmPerPassengerKm: number | null; servedShare: number; served: number; vehicleKm: number; brokenPromises: number };
}

const figures = (f: FleetFigures) => ({ vehicleKmPerPassengerKm: vehicleKmPerPassengerKm(f), servedShare: f.servedShare, served: f.served, vehicleKm: f.vehicleKm, brokenPromises: f.brokenPromises });

/** Rows of the with/without comparison, by fleet size (fleets run both ways only). */
export function meetingPointComparison(withPoints: readonly FleetFigures[], withoutPoints: readonly FleetFigures[]): MeetingPointComparisonRow[] {
  return withPoints.flatMap((w) => {
    const o = withoutPoints.find((x) => x.fleet === w.fleet);
    return o ? [{ fleet: w.fleet, with: figures(w), without: figures(o) }] : [];
  });
}

/** The comparison as a plain-text table. */
export function meetingPointTable(rows: readonly MeetingPointComparisonRow[]): string {
  const num = (x: number | null, d = 3) => (x === null ? '–' : x.toFixed(d));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = ['fleet  veh-km/pax-km with  without  served with  without  veh-km with  without  broken with  without'];
  for (const r of rows) {
    lines.push(
      [
        String(r.fleet).padStart(5),
        num(r.with.vehicleKmPerPassengerKm).padStart(18), num(r.without.vehicleKmPerPassengerKm).padStart(8),
        pct(r.with.servedShare).padStart(12), pct(r.without.servedShare).padStart(8),
        r.with.vehicleKm.toFixed(1).padStart(12), r.without.vehicleKm.toFixed(1).padStart(8),
        String(r.with.brokenPromises).padStart(12), String(r.without.brokenPromises).padStart(8),
      ].join(' '),
    );
  }
  return lines.join('\n');
}
