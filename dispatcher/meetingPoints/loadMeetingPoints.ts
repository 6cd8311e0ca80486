import { readFileSync } from 'node:fs';
import { deriveMeetingPoints } from './deriveMeetingPoints';
import { MeetingPointSet } from './MeetingPointSet';
import { parseMeetingPointsGeoJson } from './parseMeetingPointsGeoJson';
import { readCurbWays } from './readCurbWays';

/**
 * The meeting points a service starts with: `none`, `network` (derived from the OSM extract's safe curbs), or the
 * path of a GeoJSON file of points. Null for none.
 */
export async function loadMeetingPoints(spec: string, osmFile: string | undefined): Promise<MeetingPointSet | null> {
  if (spec === 'none') return null;
  if (spec === 'network') {
    if (!osmFile) throw new Error('meeting points from the network need the OSM extract (--osm); give a GeoJSON file or "none" instead');
    const { ways, junctionNodeIds } = await readCurbWays(osmFile);
    return new MeetingPointSet(deriveMeetingPoints(ways, junctionNodeIds));
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read meeting points from ${spec} (${e instanceof Error ? e.message : String(e)}); give a GeoJSON file, "network" or "none"`, { cause: e });
  }
  return new MeetingPointSet(parseMeetingPointsGeoJson(json));
}
