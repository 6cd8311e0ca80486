import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SystemClock } from '../dispatcher/clock/Clock';
import { databaseOptionsFromEnv, openDatabase } from '../dispatcher/persistence/Database';
import { describeProblem, FeedInvalid, readFeedFrom, zipFeed } from '../dispatcher/standards/gtfsFlex/FeedFiles';
import { exportFlexFeed, importFlexFeed } from '../dispatcher/standards/gtfsFlex/flexImportExport';

interface GtfsFlags {
  json?: boolean;
  data: string;
}

const openFromEnv = (data: string) => openDatabase({ ...databaseOptionsFromEnv(process.env), embeddedDataDir: process.env.ANYSTOP_PGLITE_DIR ?? join(data, 'pglite') });

function fail(flags: GtfsFlags, code: string, message: string, problems?: unknown): void {
  if (flags.json) process.stdout.write(`${JSON.stringify({ error: { code, message, ...(problems ? { problems } : {}) } })}\n`);
  else process.stderr.write(`anystop gtfs: ${message}\n`);
  process.exitCode = 1;
}

/**
 * `anystop gtfs export --out feed.zip` and `anystop gtfs import <feed.zip|folder>`: the service as GTFS-Flex, in and out
 * of the database the dispatcher uses (DATABASE_URL, else the embedded one in --data).
 */
export function registerGtfsCommands(program: Command): void {
  const gtfs = program.command('gtfs').description('publish the service as GTFS-Flex, or set it up from a GTFS-Flex feed');
  gtfs
    .command('export')
    .description('write the service (zones, hours, booking rules) as a GTFS-Flex zip, checked against the specification first')
    .requiredOption('--out <file>', 'the zip to write')
    .option('--base-url <url>', 'where the dispatcher is reached (the booking link)', 'http://127.0.0.1:8080')
    .option('--data <dir>', 'folder of the embedded database (without DATABASE_URL)', '.data')
    .option('--json', 'print one JSON line: out, bytes, zones, bookingRules, calendars, hours')
    .action(async (flags: GtfsFlags & { out: string; baseUrl: string }) => {
      const database = await openFromEnv(flags.data);
      try {
        const feed = await exportFlexFeed(database, new SystemClock(), flags.baseUrl.replace(/\/+$/, ''));
        const zip = zipFeed(feed.files);
        writeFileSync(flags.out, zip);
        const report = { out: flags.out, bytes: zip.length, zones: feed.zones, bookingRules: feed.bookingRules, calendars: feed.calendars, hours: feed.hours };
        process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `wrote ${flags.out}: ${feed.zones} zones, ${feed.hours} service hours, ${feed.calendars} calendars, ${feed.bookingRules} booking rules\n`);
      } catch (e) {
        if (!(e instanceof FeedInvalid)) throw e;
        fail(flags, 'FeedInvalid', `the export does not pass the GTFS-Flex checks: ${e.message}`, e.problems);
      } finally {
        await database.close();
      }
    });
  gtfs
    .command('import <feed>')
    .description('read a GTFS-Flex feed (zip or folder) and serve its zones, hours and booking rules')
    .option('--data <dir>', 'folder of the embedded database (without DATABASE_URL)', '.data')
    .option('--json', 'print one JSON line: zones, bookingRules, calendars (counts), warnings (a list)')
    .action(async (path: string, flags: GtfsFlags) => {
      let files;
      try {
        files = readFeedFrom(path);
      } catch (e) {
        if (e instanceof FeedInvalid) return fail(flags, 'FeedInvalid', e.message, e.problems);
        return fail(flags, 'FeedUnreadable', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const database = await openFromEnv(flags.data);
      try {
        const report = await importFlexFeed(database, files, new SystemClock());
        if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          process.stdout.write(`imported ${report.zones} zones (now service areas), ${report.hours} service hours, ${report.calendars} calendars, ${report.bookingRules} booking rules\n`);
          for (const w of report.warnings) process.stdout.write(`warning: ${w}\n`);
        }
      } catch (e) {
        if (!(e instanceof FeedInvalid)) throw e;
        if (!flags.json) for (const p of e.problems.slice(1, 20)) process.stderr.write(`  also ${describeProblem(p)}\n`);
        fail(flags, 'FeedInvalid', e.message, e.problems);
      } finally {
        await database.close();
      }
    });
}
