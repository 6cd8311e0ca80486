import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** A GTFS feed as its files: name (`stops.txt`, `locations.geojson`) → text. */
export type FeedFiles = ReadonlyMap<string, string>;

/** One problem in a feed, located as a person fixing the file needs it: file, line (1 is the header), field. */
export interface FeedProblem {
  file: string;
  line: number | null;
  field: string | null;
  message: string;
}

export function describeProblem(p: FeedProblem): string {
  return `${p.file}${p.line !== null ? `:${p.line}` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}`;
}

/** A feed that cannot be imported: the first problem names file, line and field; all of them are in `problems`. */
export class FeedInvalid extends Error {
  constructor(readonly problems: readonly FeedProblem[]) {
    super(`${describeProblem(problems[0]!)}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`);
    this.name = 'FeedInvalid';
  }
}

/** A CSV row with the line it starts on. */
export interface CsvRow {
  line: number;
  values: Readonly<Record<string, string>>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Parses one GTFS .txt file (RFC 4180 CSV with a header; a UTF-8 BOM allowed). A malformed file throws FeedInvalid. */
export function readCsv(file: string, text: string): CsvTable {
  try {
    const records = parse(text, { bom: true, columns: false, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }) as unknown as { record: string[]; info: { lines: number } }[];
    if (records.length === 0) return { header: [], rows: [] };
    const header = records[0]!.record.map((h) => h.trim());
    const rows = records.slice(1).map(({ record, info }) => {
      if (record.length !== header.length) {
        throw new FeedInvalid([{ file, line: info.lines, field: null, message: `has ${record.length} values for the ${header.length} columns of the header` }]);
      }
      const values: Record<string, string> = {};
      header.forEach((h, i) => (values[h] = record[i]!.trim()));
      return { line: info.lines, values };
    });
    return { header, rows };
  } catch (e) {
    if (e instanceof FeedInvalid) throw e;
    const line = (e as { lines?: number }).lines ?? null;
    throw new FeedInvalid([{ file, line, field: null, message: `is not valid CSV (${e instanceof Error ? e.message : String(e)})` }]);
  }
}

/** Writes rows as GTFS CSV with exactly these columns (empty for a missing value). */
export function writeCsv(columns: readonly string[], rows: readonly Record<string, string | number | null | undefined>[]): string {
  return stringify(
    rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))),
    { header: true, columns: [...columns], record_delimiter: '\r\n' },
  );
}

/** The feed as a zip (the files at its root). */
export function zipFeed(files: FeedFiles): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of files) entries[name] = strToU8(text);
  return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** Reads a zip's files; a feed zipped inside one folder is read from that folder. */
export function unzipFeed(zip: Uint8Array): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    throw new FeedInvalid([{ file: '(zip)', line: null, field: null, message: `is not a readable zip (${e instanceof Error ? e.message : String(e)})` }]);
  }
  const files = new Map<string, string>();
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/') || path.startsWith('__MACOSX/')) continue;
    files.set(path.split('/').pop()!, strFromU8(data));
  }
  return files;
}

/** A feed from a .zip file or a folder of .txt/.geojson files. */
export function readFeedFrom(path: string): Map<string, string> {
  if (statSync(path).isDirectory()) {
    const files = new Map<string, string>();
    for (const name of readdirSync(path)) if (/\.(txt|geojson)$/.test(name)) files.set(name, readFileSync(join(path, name), 'utf8'));
    return files;
  }
  return unzipFeed(new Uint8Array(readFileSync(path)));
}
