-- The schedule writes as server-side functions (issue 9 §3): an auto-accepted request is stored in one round trip
-- (anystop_offer_and_accept) instead of eight (BEGIN, trip insert, version bump, stops, consistency check, events,
-- COMMIT). The stop upsert and the consistency check are functions of their own, so every schedule writer
-- (dispatcher/persistence/scheduleWrites.ts) runs the same SQL. Errors the dispatcher acts on carry their own
-- SQLSTATE: AS409 a schedule_version that moved (DETAIL: the version found, empty when there is no such vehicle),
-- AS422 an invalid schedule (the message says why). Any error rolls back the whole statement's transaction.

-- A vehicle's open stops become exactly the given sequence (see writeStopSequences).
CREATE FUNCTION anystop_write_stop_sequences(
  p_vehicle_ids text[], p_vehicle text[], p_trip text[], p_kind text[], p_seq int[], p_lon float8[], p_lat float8[],
  p_planned float8[], p_earliest float8[], p_latest float8[], p_service float8[]
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_trip text;
  v_kind text;
BEGIN
  IF coalesce(array_length(p_trip, 1), 0) = 0 THEN
    DELETE FROM stops s WHERE s.vehicle_id = ANY (p_vehicle_ids) AND s.state = 'planned' AND s.shift_id IS NULL;
    RETURN;
  END IF;
  WITH others_deleted AS (
    DELETE FROM stops s WHERE s.vehicle_id = ANY (p_vehicle_ids) AND s.state = 'planned' AND s.shift_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM unnest(p_trip, p_kind) AS k(trip_id, kind) WHERE k.trip_id = s.trip_id AND k.kind = s.kind)),
  written AS (
    INSERT INTO stops (vehicle_id, trip_id, kind, seq, location, planned_arrival_at, earliest_at, latest_at, service_s)
    SELECT x.vehicle_id, x.trip_id, x.kind, x.seq, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326)::geography,
      to_timestamp(x.planned), to_timestamp(x.earliest), to_timestamp(x.latest), x.service
    FROM unnest(p_vehicle, p_trip, p_kind, p_seq, p_lon, p_lat, p_planned, p_earliest, p_latest, p_service)
      AS x(vehicle_id, trip_id, kind, seq, lon, lat, planned, earliest, latest, service)
    ON CONFLICT (trip_id, kind) DO UPDATE SET vehicle_id = EXCLUDED.vehicle_id, seq = EXCLUDED.seq, location = EXCLUDED.location,
      planned_arrival_at = EXCLUDED.planned_arrival_at, earliest_at = EXCLUDED.earliest_at, latest_at = EXCLUDED.latest_at,
      service_s = EXCLUDED.service_s, shift_id = NULL
      WHERE stops.state IN ('planned', 'arrived')
    RETURNING trip_id, kind)
  SELECT k.trip_id, k.kind INTO v_trip, v_kind
  FROM unnest(p_trip, p_kind) WITH ORDINALITY AS k(trip_id, kind, ord)
  WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.trip_id = k.trip_id AND w.kind = k.kind)
  ORDER BY k.ord LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'AS422',
      MESSAGE = format('Stop %s/%s was already served or skipped: plan from the current schedule', v_trip, v_kind);
  END IF;
END
$$;

-- Every committed trip of these vehicles keeps its stops on its own vehicle, and every open stop there belongs to a
-- committed trip of that vehicle (see assertSchedulesConsistent).
CREATE FUNCTION anystop_assert_schedules_consistent(p_vehicle_ids text[], p_committed text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_stray record;
  v_lost record;
BEGIN
  SELECT s.trip_id, s.kind, s.vehicle_id INTO v_stray FROM stops s JOIN trips t ON t.id = s.trip_id
  WHERE s.vehicle_id = ANY (p_vehicle_ids) AND s.state IN ('planned', 'arrived')
    AND (t.vehicle_id IS DISTINCT FROM s.vehicle_id OR NOT (t.state = ANY (p_committed)))
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'AS422',
      MESSAGE = format('Stop %s/%s on vehicle %s belongs to a trip that is not committed to that vehicle', v_stray.trip_id, v_stray.kind, v_stray.vehicle_id);
  END IF;
  SELECT t.id, t.state INTO v_lost FROM trips t
  WHERE t.vehicle_id = ANY (p_vehicle_ids) AND t.state = ANY (p_committed)
    AND (NOT EXISTS (SELECT 1 FROM stops s WHERE s.trip_id = t.id AND s.kind = 'dropoff'
                       AND s.vehicle_id = t.vehicle_id AND s.state IN ('planned', 'arrived'))
      OR (t.state <> 'on_board' AND NOT EXISTS (SELECT 1 FROM stops s WHERE s.trip_id = t.id AND s.kind = 'pickup'
                       AND s.vehicle_id = t.vehicle_id AND s.state IN ('planned', 'arrived'))))
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'AS422',
      MESSAGE = format('Trip %s (%s) would lose its stops: every accepted trip keeps its pickup and dropoff', v_lost.id, v_lost.state);
  END IF;
END
$$;

-- A new trip offered and accepted at once (see ScheduleRepository.offerAndAccept), as one statement: the trip
-- inserted (its parameters in tripInsert's order), and unless it already existed (same id, or same rider and
-- idempotency key: then `trip` is NULL and nothing is written), the vehicle's schedule_version checked and bumped,
-- its stops written and checked, and the events appended under the append lock (appendEvents), in the given order.
CREATE FUNCTION anystop_offer_and_accept(
  p_id text, p_rider_id text, p_rider_name text, p_idempotency_key text, p_origin float8[], p_destination float8[],
  p_origin_snapped float8[], p_destination_snapped float8[], p_walk_to_pickup_m float8, p_passengers int, p_wheelchairs int,
  p_requested_pickup_at float8, p_window_start float8, p_window_end float8, p_latest_arrival float8, p_offer_expires float8,
  p_state text, p_vehicle_id text, p_at float8, p_walks jsonb, p_direct_s float8, p_direct_m float8, p_reject_reason text,
  p_expected_version int,
  p_stop_vehicle text[], p_stop_trip text[], p_stop_kind text[], p_stop_seq int[], p_stop_lon float8[], p_stop_lat float8[],
  p_stop_planned float8[], p_stop_earliest float8[], p_stop_latest float8[], p_stop_service float8[],
  p_committed text[],
  p_event_type text[], p_event_trip text[], p_event_vehicle text[], p_event_payload jsonb[], p_append_lock bigint
) RETURNS TABLE (trip trips, schedule_version int, events jsonb) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_trip trips;
  v_version int;
  v_actual int;
  v_events jsonb;
BEGIN
  INSERT INTO trips (id, rider_id, rider_name, idempotency_key, origin, destination, origin_snapped, destination_snapped,
      walk_to_pickup_m, passengers, wheelchairs, requested_pickup_at, pickup_window_start, pickup_window_end, latest_arrival_at,
      offer_expires_at, state, vehicle_id, created_at, updated_at, walks, direct_s, direct_m, reject_reason)
    VALUES (p_id, p_rider_id, p_rider_name, p_idempotency_key,
      ST_SetSRID(ST_MakePoint(p_origin[1], p_origin[2]), 4326)::geography,
      ST_SetSRID(ST_MakePoint(p_destination[1], p_destination[2]), 4326)::geography,
      ST_SetSRID(ST_MakePoint(p_origin_snapped[1], p_origin_snapped[2]), 4326)::geography,
      ST_SetSRID(ST_MakePoint(p_destination_snapped[1], p_destination_snapped[2]), 4326)::geography,
      p_walk_to_pickup_m, p_passengers, p_wheelchairs, to_timestamp(p_requested_pickup_at), to_timestamp(p_window_start),
      to_timestamp(p_window_end), to_timestamp(p_latest_arrival), to_timestamp(p_offer_expires), p_state, p_vehicle_id,
      to_timestamp(p_at), to_timestamp(p_at), p_walks, p_direct_s, p_direct_m, p_reject_reason)
    ON CONFLICT DO NOTHING
    RETURNING * INTO v_trip;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::trips, NULL::int, NULL::jsonb;
    RETURN;
  END IF;

  UPDATE vehicles SET schedule_version = vehicles.schedule_version + 1
    WHERE id = p_vehicle_id AND (p_expected_version IS NULL OR vehicles.schedule_version = p_expected_version)
    RETURNING vehicles.schedule_version INTO v_version;
  IF NOT FOUND THEN
    SELECT v.schedule_version INTO v_actual FROM vehicles v WHERE v.id = p_vehicle_id;
    RAISE EXCEPTION USING ERRCODE = 'AS409', MESSAGE = format('schedule of vehicle %s moved', p_vehicle_id),
      DETAIL = coalesce(v_actual::text, '');
  END IF;

  PERFORM anystop_write_stop_sequences(ARRAY[p_vehicle_id], p_stop_vehicle, p_stop_trip, p_stop_kind, p_stop_seq, p_stop_lon,
    p_stop_lat, p_stop_planned, p_stop_earliest, p_stop_latest, p_stop_service);
  PERFORM anystop_assert_schedules_consistent(ARRAY[p_vehicle_id], p_committed);

  PERFORM pg_advisory_xact_lock(p_append_lock);
  WITH appended AS (
    INSERT INTO events (at, type, trip_id, vehicle_id, payload)
    SELECT to_timestamp(p_at), e.type, e.trip_id, e.vehicle_id, e.payload
    FROM unnest(p_event_type, p_event_trip, p_event_vehicle, p_event_payload) WITH ORDINALITY AS e(type, trip_id, vehicle_id, payload, ord)
    ORDER BY e.ord
    RETURNING *)
  SELECT jsonb_agg(jsonb_build_object('seq', a.seq, 'at_s', extract(epoch FROM a.at)::float8, 'type', a.type,
           'trip_id', a.trip_id, 'vehicle_id', a.vehicle_id, 'payload', a.payload) ORDER BY a.seq)
    INTO v_events FROM appended a;

  RETURN QUERY SELECT v_trip, v_version, coalesce(v_events, '[]'::jsonb);
END
$$;
