import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { deriveMeetingPoints, DERIVE_DEFAULTS } from '../dispatcher/meetingPoints/deriveMeetingPoints';
import { meetingPointsGeoJson } from '../dispatcher/meetingPoints/parseMeetingPointsGeoJson';
import { readCurbWays } from '../dispatcher/meetingPoints/readCurbWays';
import { parsePort } from './options';

/** `anystop meeting-points derive`: safe curbs from an OSM extract, as GeoJSON a planner can edit and serve with. */
export function registerMeetingPointCommands(program: Command): void {
  const group = program.command('meeting-points').description('candidate meeting points (virtual stops)');
  group
    .command('derive')
    .description('derive meeting points from the road network: curbs of roads a car may stop on, clear of junctions')
    .requiredOption('--osm <file>', 'OSM extract (.osm.pbf)')
    .requiredOption('--out <file.geojson>', 'where to write the points')
    .option('--spacing <m>', 'metres between points along a street', String(DERIVE_DEFAULTS.spacingM))
    .option('--clearance <m>', 'metres kept clear of every junction', String(DERIVE_DEFAULTS.junctionClearanceM))
    .action(async (o: { osm: string; out: string; spacing: string; clearance: string }) => {
      const { ways, junctionNodeIds } = await readCurbWays(o.osm);
      const points = deriveMeetingPoints(ways, junctionNodeIds, { spacingM: parsePort(o.spacing, '--spacing', 10, 5000), junctionClearanceM: parsePort(o.clearance, '--clearance', 0, 500) });
      writeFileSync(o.out, `${JSON.stringify(meetingPointsGeoJson(points))}\n`);
      process.stderr.write(`${points.length} meeting points on ${ways.length} stoppable ways written to ${o.out}\n`);
    });
}
