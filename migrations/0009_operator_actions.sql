-- Operator actions (issue 14): who accepted a trip (the rider, or an operator on their behalf), trips an operator
-- pinned to their vehicle, and drivers' break windows. Every operator action also appends an `operator_action` event.
ALTER TABLE trips ADD COLUMN accepted_by text;
-- Set while the trip is pinned to trips.vehicle_id: re-optimization and risk reassignment never move it elsewhere.
ALTER TABLE trips ADD COLUMN pinned_by text;
ALTER TABLE trips ADD COLUMN pinned_at timestamptz;
ALTER TABLE trips ADD CONSTRAINT trips_pin_complete CHECK ((pinned_by IS NULL) = (pinned_at IS NULL));

-- A driver's break: the vehicle neither drives nor serves a stop in [starts_at, ends_at].
CREATE TABLE vehicle_breaks (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id text NOT NULL REFERENCES vehicles (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX vehicle_breaks_vehicle_ends_idx ON vehicle_breaks (vehicle_id, ends_at);

-- The audit trail reads the log by time.
CREATE INDEX events_at_seq_idx ON events (at, seq);
