// Reads a GTFS zip with the `gtfs` npm package (node-gtfs, which imports into SQLite) and prints what it found as one
// JSON line: an independent reader of Anystop's export. Usage: node readWithGtfsLibrary.mjs feed.zip
import { closeDb, getAgencies, getBookingRules, getCalendarDates, getCalendars, getLocations, getRoutes, getStoptimes, getTrips, importGtfs, openDb } from 'gtfs';

// ignoreErrors: node-gtfs releases that run on Node 20 (<= 4.18.2) still require stop_times.stop_id, which GTFS-Flex
// makes conditional (a stop time at a location_id has none). Such a file is skipped and its error printed in `errors`.
const errors = [];
const config = { sqlitePath: ':memory:', agencies: [{ path: process.argv[2] }], ignoreErrors: true, verbose: false, logFunction: (m) => errors.push(String(m)) };
await importGtfs(config);
const db = openDb(config);
const out = {
  agencies: getAgencies({}, [], [], { db }),
  routes: getRoutes({}, [], [], { db }),
  trips: getTrips({}, [], [], { db }),
  stopTimes: getStoptimes({}, [], [['trip_id', 'ASC'], ['stop_sequence', 'ASC']], { db }),
  calendars: getCalendars({}, [], [], { db }),
  calendarDates: getCalendarDates({}, [], [], { db }),
  bookingRules: getBookingRules({}, [], [], { db }),
  locations: getLocations({}, [], [], { db }),
  errors: errors.filter((e) => /error/i.test(e)),
};
closeDb(db);
process.stdout.write(`${JSON.stringify(out)}\n`);
