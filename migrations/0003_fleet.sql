-- Vehicles, their shifts and where they are.
CREATE TABLE vehicles (
  id text PRIMARY KEY,
  name text NOT NULL,
  seats integer NOT NULL CHECK (seats >= 0),
  wheelchair_places integer NOT NULL DEFAULT 0 CHECK (wheelchair_places >= 0),
  depot geography(Point, 4326) NOT NULL,
  -- Bumped by every change to this vehicle's stops; writers say which version they planned on (optimistic concurrency).
  schedule_version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shifts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id text NOT NULL REFERENCES vehicles (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'active', 'ended')),
  started_at timestamptz,
  ended_at timestamptz,
  CHECK (ends_at > starts_at),
  CHECK (state = 'planned' OR started_at IS NOT NULL),
  CHECK (state <> 'ended' OR ended_at IS NOT NULL)
);

-- A vehicle drives at most one shift at a time.
CREATE UNIQUE INDEX shifts_one_active_per_vehicle ON shifts (vehicle_id) WHERE state = 'active';
CREATE INDEX shifts_vehicle_starts_idx ON shifts (vehicle_id, starts_at);

-- The latest position per vehicle, upserted: the dispatcher reads this on start without scanning the history.
CREATE TABLE vehicle_last_position (
  vehicle_id text PRIMARY KEY REFERENCES vehicles (id),
  at timestamptz NOT NULL,
  location geography(Point, 4326) NOT NULL,
  heading_deg double precision,
  speed_mps double precision
);
CREATE INDEX vehicle_last_position_location_gist ON vehicle_last_position USING gist (location);

-- Every position ever reported, append-only (replays, what-if runs, planner heat maps).
CREATE TABLE vehicle_position_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id text NOT NULL REFERENCES vehicles (id),
  at timestamptz NOT NULL,
  location geography(Point, 4326) NOT NULL,
  heading_deg double precision,
  speed_mps double precision
);
CREATE INDEX vehicle_position_history_vehicle_at_idx ON vehicle_position_history (vehicle_id, at);
