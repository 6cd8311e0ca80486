-- Issue 13 (risk): the dispatcher lives with late vehicles.
-- Per-hour speed factors learnt from observed leg times (observed / router-planned), rebuilt on start.
CREATE TABLE speed_factors (
  hour smallint PRIMARY KEY CHECK (hour BETWEEN 0 AND 23),
  factor double precision NOT NULL CHECK (factor > 0),
  samples integer NOT NULL CHECK (samples >= 0),
  updated_at timestamptz NOT NULL
);

-- The pickup ETA the dispatcher predicted when the pickup was first 10 and 5 minutes away (the ETA-error KPI).
ALTER TABLE trips ADD COLUMN pickup_eta_10min_at timestamptz;
ALTER TABLE trips ADD COLUMN pickup_eta_5min_at timestamptz;

-- An operator marked the vehicle out of service during this shift: it takes no new riders.
ALTER TABLE shifts ADD COLUMN out_of_service_at timestamptz;
ALTER TABLE shifts ADD COLUMN out_of_service_reason text;

-- The rider's promise last moved later (it could not be kept): when, and why (traffic, no_show_wait, off_route,
-- vehicle_breakdown, other). The rider page says so; the event log has every move with before and after.
ALTER TABLE trips ADD COLUMN promise_moved_at timestamptz;
ALTER TABLE trips ADD COLUMN promise_moved_cause text;
