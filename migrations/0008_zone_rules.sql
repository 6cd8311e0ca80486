-- Operator zones and their rules (issue 14 part 2), built on the GTFS-Flex tables of 0007: a zone an operator draws is
-- a service_zones row (source 'operator') with its service area, its weekly hours as service_calendars + service_hours
-- rows (zone → same zone, as the default feed writes them), and the limits below. Imported zones get the defaults.
ALTER TABLE service_zones
  ADD COLUMN source text NOT NULL DEFAULT 'gtfs' CHECK (source IN ('gtfs', 'operator')),
  -- IANA zone of the zone's hours; NULL = the agency's (service_agency.timezone), else UTC.
  ADD COLUMN timezone text,
  -- Tighter than the dispatch policy when set: the longest wait, the ride limit α·direct + β, how far ahead to book.
  ADD COLUMN max_wait_s integer CHECK (max_wait_s > 0),
  ADD COLUMN ride_factor double precision CHECK (ride_factor >= 1),
  ADD COLUMN ride_extra_s integer CHECK (ride_extra_s >= 0),
  ADD COLUMN booking_horizon_s integer CHECK (booking_horizon_s > 0),
  -- Rider groups served here (wheelchair, senior, ...); empty = everyone.
  ADD COLUMN eligible_groups text[] NOT NULL DEFAULT '{}',
  -- The farthest walk to a meeting point in this zone (metres).
  ADD COLUMN max_walk_m integer NOT NULL DEFAULT 250 CHECK (max_walk_m > 0),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Rules between two zones (from the pickup's zone to the drop-off's). Without a row: a zone to itself is allowed, two
-- different zones only when the feed has hours for that pair.
CREATE TABLE zone_pairs (
  from_zone_id text NOT NULL REFERENCES service_zones (id) ON DELETE CASCADE,
  to_zone_id text NOT NULL REFERENCES service_zones (id) ON DELETE CASCADE,
  rule text NOT NULL CHECK (rule IN ('allowed', 'not_allowed', 'via_transfer')),
  transfer_point geography(Point, 4326),
  PRIMARY KEY (from_zone_id, to_zone_id),
  CHECK ((rule = 'via_transfer') = (transfer_point IS NOT NULL))
);

-- The groups a rider belongs to (eligibility), set by an operator.
CREATE TABLE rider_groups (
  rider_id text PRIMARY KEY,
  groups text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A stop planned on a shift that has not started yet (a pre-booked trip): it waits outside the vehicle's live
-- sequence (shift_id NULL) until that shift starts, then joins it.
ALTER TABLE stops ADD COLUMN shift_id integer REFERENCES shifts (id);
CREATE INDEX stops_planned_shift_idx ON stops (shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX shifts_planned_idx ON shifts (starts_at) WHERE state = 'planned';

-- Subscriptions: the same trip on some weekdays (local times of the service's time zone), optionally with a return.
CREATE TABLE recurring_trips (
  id text PRIMARY KEY,
  rider_id text NOT NULL,
  rider_name text,
  origin geography(Point, 4326) NOT NULL,
  destination geography(Point, 4326) NOT NULL,
  passengers integer NOT NULL DEFAULT 1 CHECK (passengers >= 1),
  wheelchairs integer NOT NULL DEFAULT 0 CHECK (wheelchairs >= 0),
  -- monday..sunday.
  days boolean[] NOT NULL CHECK (cardinality(days) = 7),
  pickup_s integer NOT NULL CHECK (pickup_s >= 0 AND pickup_s < 86400),
  return_pickup_s integer CHECK (return_pickup_s >= 0 AND return_pickup_s < 86400),
  timezone text NOT NULL,
  start_date date NOT NULL,
  end_date date CHECK (end_date >= start_date),
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz
);
CREATE INDEX recurring_trips_rider_idx ON recurring_trips (rider_id);

-- Days a subscription does not run (a holiday, a day the rider skipped).
CREATE TABLE recurring_trip_skips (
  recurring_trip_id text NOT NULL REFERENCES recurring_trips (id) ON DELETE CASCADE,
  date date NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (recurring_trip_id, date)
);

-- Each occurrence released into the live plan, once (the primary key makes a release idempotent).
CREATE TABLE recurring_trip_occurrences (
  recurring_trip_id text NOT NULL REFERENCES recurring_trips (id) ON DELETE CASCADE,
  date date NOT NULL,
  leg text NOT NULL CHECK (leg IN ('outbound', 'return')),
  trip_id text NOT NULL REFERENCES trips (id),
  released_at timestamptz NOT NULL,
  PRIMARY KEY (recurring_trip_id, date, leg)
);
