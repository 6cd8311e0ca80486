-- Riders' trips and the stops vehicles make for them.
CREATE TABLE trips (
  id text PRIMARY KEY,
  rider_id text NOT NULL,
  rider_name text,
  -- The same (rider, key) always means the same trip: a retried POST /trips finds the first one.
  idempotency_key text,
  origin geography(Point, 4326) NOT NULL,
  destination geography(Point, 4326) NOT NULL,
  -- Where the vehicle actually stops (snapped to the curb).
  origin_snapped geography(Point, 4326),
  destination_snapped geography(Point, 4326),
  walk_to_pickup_m double precision,
  -- Seated riders and riders in wheelchairs, counted separately as the vehicles' places are.
  passengers integer NOT NULL DEFAULT 1 CHECK (passengers >= 0),
  wheelchairs integer NOT NULL DEFAULT 0 CHECK (wheelchairs >= 0),
  requested_pickup_at timestamptz NOT NULL,
  -- The promise: pickup inside the window, arrival no later than latest_arrival_at.
  pickup_window_start timestamptz,
  pickup_window_end timestamptz,
  latest_arrival_at timestamptz,
  offer_expires_at timestamptz,
  actual_pickup_at timestamptz,
  actual_dropoff_at timestamptz,
  state text NOT NULL CHECK (state IN (
    'requested', 'offered', 'accepted', 'assigned', 'arriving', 'on_board',
    'completed', 'cancelled', 'no_show', 'rejected')),
  reject_reason text,
  cancel_reason text,
  vehicle_id text REFERENCES vehicles (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Bumped by every update of this row.
  version integer NOT NULL DEFAULT 0,
  CHECK (passengers + wheelchairs > 0),
  CHECK (pickup_window_end >= pickup_window_start),
  -- Promises are hard: a trip someone accepted always carries its promise and its vehicle.
  CHECK (state NOT IN ('accepted', 'assigned', 'arriving', 'on_board', 'completed', 'no_show') OR (
    pickup_window_start IS NOT NULL AND pickup_window_end IS NOT NULL AND latest_arrival_at IS NOT NULL
    AND vehicle_id IS NOT NULL)),
  UNIQUE (rider_id, idempotency_key)
);

-- loadDispatchState and the vehicle views read the open trips only.
CREATE INDEX trips_open_vehicle_idx ON trips (vehicle_id)
  WHERE state IN ('requested', 'offered', 'accepted', 'assigned', 'arriving', 'on_board');
CREATE INDEX trips_rider_created_idx ON trips (rider_id, created_at);
CREATE INDEX trips_origin_gist ON trips USING gist (origin);
CREATE INDEX trips_destination_gist ON trips USING gist (destination);

-- One pickup and one dropoff per trip. A vehicle's schedule is its planned stops in seq order.
CREATE TABLE stops (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id text NOT NULL REFERENCES vehicles (id),
  trip_id text NOT NULL REFERENCES trips (id),
  kind text NOT NULL CHECK (kind IN ('pickup', 'dropoff')),
  seq integer NOT NULL,
  location geography(Point, 4326) NOT NULL,
  planned_arrival_at timestamptz NOT NULL,
  -- The promised window on the start of service here.
  earliest_at timestamptz NOT NULL,
  latest_at timestamptz NOT NULL,
  service_s double precision NOT NULL DEFAULT 0 CHECK (service_s >= 0),
  state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'arrived', 'done', 'skipped')),
  actual_arrival_at timestamptz,
  actual_departure_at timestamptz,
  CHECK (latest_at >= earliest_at),
  UNIQUE (trip_id, kind)
);

CREATE INDEX stops_vehicle_open_seq_idx ON stops (vehicle_id, seq) WHERE state IN ('planned', 'arrived');
CREATE INDEX stops_location_gist ON stops USING gist (location);
