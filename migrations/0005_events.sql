-- Every change to a trip or a schedule appends here in the same transaction. Streams replay from seq.
CREATE TABLE events (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  type text NOT NULL,
  -- No foreign keys: the log outlives whatever it mentions.
  trip_id text,
  vehicle_id text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX events_trip_seq_idx ON events (trip_id, seq) WHERE trip_id IS NOT NULL;
CREATE INDEX events_vehicle_seq_idx ON events (vehicle_id, seq) WHERE vehicle_id IS NOT NULL;
