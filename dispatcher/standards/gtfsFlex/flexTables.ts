import { type CsvTable, type FeedFiles, FeedInvalid, type FeedProblem, readCsv } from './FeedFiles';

/**
 * The GTFS files and fields Anystop reads (GTFS Schedule with GTFS-Flex), each with the fields the specification
 * requires of every row. Other files and fields are reported by the importer as not read.
 */
export const FLEX_FILES = {
  'agency.txt': { required: ['agency_name', 'agency_url', 'agency_timezone'], read: ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang', 'agency_phone'] },
  'feed_info.txt': { required: ['feed_publisher_name', 'feed_publisher_url', 'feed_lang'], read: ['feed_publisher_name', 'feed_publisher_url', 'feed_lang'] },
  'routes.txt': { required: ['route_id', 'route_type'], read: ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type'] },
  'trips.txt': { required: ['route_id', 'service_id', 'trip_id'], read: ['route_id', 'service_id', 'trip_id'] },
  'stop_times.txt': {
    required: ['trip_id', 'stop_sequence'],
    read: ['trip_id', 'stop_id', 'location_group_id', 'location_id', 'stop_sequence', 'arrival_time', 'departure_time', 'start_pickup_drop_off_window', 'end_pickup_drop_off_window', 'pickup_type', 'drop_off_type', 'pickup_booking_rule_id', 'drop_off_booking_rule_id', 'timepoint'],
  },
  'calendar.txt': { required: ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'], read: ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'] },
  'calendar_dates.txt': { required: ['service_id', 'date', 'exception_type'], read: ['service_id', 'date', 'exception_type'] },
  'booking_rules.txt': {
    required: ['booking_rule_id', 'booking_type'],
    read: ['booking_rule_id', 'booking_type', 'prior_notice_duration_min', 'prior_notice_duration_max', 'prior_notice_last_day', 'prior_notice_last_time', 'prior_notice_start_day', 'prior_notice_start_time', 'prior_notice_service_id', 'message', 'pickup_message', 'drop_off_message', 'phone_number', 'info_url', 'booking_url'],
  },
  'stops.txt': { required: ['stop_id'], read: ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'location_type'] },
  'location_groups.txt': { required: ['location_group_id'], read: ['location_group_id', 'location_group_name'] },
  'location_group_stops.txt': { required: ['location_group_id', 'stop_id'], read: ['location_group_id', 'stop_id'] },
} as const satisfies Record<string, { required: readonly string[]; read: readonly string[] }>;

export type FlexFileName = keyof typeof FLEX_FILES;
export const LOCATIONS_FILE = 'locations.geojson';

export interface LocationFeature {
  /** Index in `features` (the place to look in the file). */
  index: number;
  id: string;
  name: string | null;
  geometry: unknown;
}

export interface FlexTables {
  csv: Partial<Record<FlexFileName, CsvTable>>;
  locations: LocationFeature[] | null;
  /** Problems found while reading (a feature without an id, a file that is not JSON). */
  problems: FeedProblem[];
}

/** Reads every known file of a feed; CSV that cannot be parsed throws FeedInvalid naming file and line. */
export function readFlexTables(files: FeedFiles): FlexTables {
  const csv: Partial<Record<FlexFileName, CsvTable>> = {};
  for (const name of Object.keys(FLEX_FILES) as FlexFileName[]) {
    const text = files.get(name);
    if (text !== undefined) csv[name] = readCsv(name, text);
  }
  const problems: FeedProblem[] = [];
  const text = files.get(LOCATIONS_FILE);
  let locations: LocationFeature[] | null = null;
  if (text !== undefined) {
    locations = [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new FeedInvalid([{ file: LOCATIONS_FILE, line: null, field: null, message: `is not JSON (${e instanceof Error ? e.message : String(e)})` }]);
    }
    const fc = json as { type?: unknown; features?: unknown };
    if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      problems.push({ file: LOCATIONS_FILE, line: null, field: 'type', message: 'must be a GeoJSON FeatureCollection with a features array' });
    } else {
      fc.features.forEach((f: unknown, index: number) => {
        const feature = f as { type?: unknown; id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
        const field = `features[${index}].id`;
        if (feature?.type !== 'Feature') problems.push({ file: LOCATIONS_FILE, line: null, field: `features[${index}].type`, message: 'must be "Feature"' });
        if (typeof feature?.id !== 'string' || feature.id === '') {
          problems.push({ file: LOCATIONS_FILE, line: null, field, message: 'is required: a string id, unique across stops, locations and location groups' });
          return;
        }
        const name = feature.properties?.stop_name;
        locations!.push({ index, id: feature.id, name: typeof name === 'string' ? name : null, geometry: feature.geometry });
      });
    }
  }
  return { csv, locations, problems };
}
