-- The event log's append, taken out of the client's round trips (issue 12, found with two instances at 10,000 drivers).
-- A transaction stages its events in the transaction-local setting anystop.staged_events (appendEvents: a JSON array
-- of {at, type, trip_id, vehicle_id, payload}); withTransaction then sends one message, this function and its
-- COMMIT together, so the append lock is taken, the rows (and so their seqs) made and the lock released at COMMIT
-- without the server waiting for the client in between. Before, the lock was held from the append's result to the
-- COMMIT that followed it: through a round trip and, on a busy instance, through that instance's event-loop lag,
-- with every other writer of the cluster waiting on it. Seq order is still commit order.
CREATE FUNCTION anystop_append_staged_events(p_append_lock bigint) RETURNS SETOF events LANGUAGE plpgsql AS $$
DECLARE
  v_staged jsonb := nullif(current_setting('anystop.staged_events', true), '')::jsonb;
BEGIN
  IF v_staged IS NULL OR jsonb_array_length(v_staged) = 0 THEN
    RETURN;
  END IF;
  PERFORM set_config('anystop.staged_events', '', true);
  PERFORM pg_advisory_xact_lock(p_append_lock);
  RETURN QUERY
    INSERT INTO events (at, type, trip_id, vehicle_id, payload)
    SELECT to_timestamp((e.ev->>'at')::float8), e.ev->>'type', e.ev->>'trip_id', e.ev->>'vehicle_id', coalesce(e.ev->'payload', '{}'::jsonb)
    FROM jsonb_array_elements(v_staged) WITH ORDINALITY AS e(ev, ord)
    ORDER BY e.ord
    RETURNING *;
END
$$;
