import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DemandTrip } from './DemandTrip';

const HEADER = ['requested_at', 'origin_lon', 'origin_lat', 'destination_lon', 'destination_lat', 'passengers'];

const row = z.object({
  requested_at: z.coerce.number().finite().min(0),
  origin_lon: z.coerce.number().min(-180).max(180),
  origin_lat: z.coerce.number().min(-90).max(90),
  destination_lon: z.coerce.number().min(-180).max(180),
  destination_lat: z.coerce.number().min(-90).max(90),
  passengers: z.coerce.number().int().min(1).max(8),
});

/**
 * Trips from a CSV with the header `requested_at, origin_lon, origin_lat, destination_lon, destination_lat,
 * passengers`. requested_at is seconds after the simulation start, or epoch seconds / an ISO time (then made
 * relative to the earliest row). Bad rows are reported with their line number.
 */
export function parseDemandCsv(text: string): DemandTrip[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) throw new Error('The demand CSV is empty');
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const missing = HEADER.filter((h) => !header.includes(h));
  if (missing.length > 0) throw new Error(`The demand CSV misses the column(s) ${missing.join(', ')}; expected: ${HEADER.join(', ')}`);
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const record: Record<string, string> = {};
    header.forEach((h, k) => (record[h] = cells[k] ?? ''));
    if (record.requested_at && !/^-?\d+(\.\d+)?$/.test(record.requested_at)) {
      const ms = Date.parse(record.requested_at);
      if (!Number.isNaN(ms)) record.requested_at = String(ms / 1000);
    }
    const parsed = row.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Demand CSV line ${i + 2}: ${issue.path.join('.')}: ${issue.message}`);
    }
    return parsed.data;
  });
  const first = Math.min(...rows.map((r) => r.requested_at));
  const absolute = first > 1e8; // epoch seconds rather than offsets
  return rows
    .map((r) => ({
      requestedAtS: absolute ? r.requested_at - first : r.requested_at,
      origin: [r.origin_lon, r.origin_lat] as [number, number],
      destination: [r.destination_lon, r.destination_lat] as [number, number],
      passengers: r.passengers,
    }))
    .sort((a, b) => a.requestedAtS - b.requestedAtS);
}

export function readDemandCsv(file: string): DemandTrip[] {
  return parseDemandCsv(readFileSync(file, 'utf8'));
}
