-- The published service rules (GTFS-Flex / GOFS): the operator, zones, weekly calendars with dated exceptions,
-- booking rules and the hours each zone is served. Filled by `anystop gtfs import`; shaped so the operator zones of
-- issue 14 can own them later. Each zone also creates a service area (service_area_id) so the dispatcher serves it.
CREATE TABLE service_agency (
  id text PRIMARY KEY,
  name text NOT NULL,
  url text NOT NULL,
  timezone text NOT NULL,
  lang text,
  phone text,
  route_id text NOT NULL,
  route_name text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE service_zones (
  id text PRIMARY KEY,
  name text NOT NULL,
  geom geography(MultiPolygon, 4326) NOT NULL,
  -- 'Polygon' or 'MultiPolygon', as the feed gave it (the geography column always holds a MultiPolygon).
  geometry_type text NOT NULL CHECK (geometry_type IN ('Polygon', 'MultiPolygon')),
  service_area_id integer REFERENCES service_areas (id) ON DELETE SET NULL,
  position integer NOT NULL
);

CREATE TABLE service_calendars (
  id text PRIMARY KEY,
  -- monday..sunday, as in calendar.txt.
  days boolean[] NOT NULL CHECK (cardinality(days) = 7),
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  position integer NOT NULL
);

CREATE TABLE service_calendar_dates (
  calendar_id text NOT NULL REFERENCES service_calendars (id) ON DELETE CASCADE,
  date date NOT NULL,
  -- 1 service added on that date, 2 removed (calendar_dates.txt exception_type).
  exception_type smallint NOT NULL CHECK (exception_type IN (1, 2)),
  PRIMARY KEY (calendar_id, date)
);

CREATE TABLE booking_rules (
  id text PRIMARY KEY,
  booking_type smallint NOT NULL CHECK (booking_type IN (0, 1, 2)),
  prior_notice_duration_min integer,
  prior_notice_duration_max integer,
  prior_notice_last_day integer,
  prior_notice_last_time_s integer,
  prior_notice_start_day integer,
  prior_notice_start_time_s integer,
  prior_notice_service_id text,
  message text,
  pickup_message text,
  drop_off_message text,
  phone_number text,
  info_url text,
  booking_url text,
  position integer NOT NULL
);

CREATE TABLE service_hours (
  id text PRIMARY KEY,
  zone_id text NOT NULL REFERENCES service_zones (id) ON DELETE CASCADE,
  to_zone_id text NOT NULL REFERENCES service_zones (id) ON DELETE CASCADE,
  calendar_id text NOT NULL REFERENCES service_calendars (id) ON DELETE CASCADE,
  start_s integer NOT NULL CHECK (start_s >= 0),
  end_s integer NOT NULL CHECK (end_s > start_s),
  pickup_booking_rule_id text REFERENCES booking_rules (id) ON DELETE SET NULL,
  drop_off_booking_rule_id text REFERENCES booking_rules (id) ON DELETE SET NULL,
  position integer NOT NULL
);
