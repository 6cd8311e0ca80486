-- Meeting points (issue 14 §3): the walks of a trip served at a meeting point instead of the curb next to the rider,
-- as shown to the rider: {"toPickup": {meetingPointId, path, distanceM, durationS} | null, "fromDropoff": ... | null}.
-- NULL when both ends are the curbs next to the rider (origin_snapped / destination_snapped as before).
ALTER TABLE trips ADD COLUMN walks jsonb;

-- Ratings after the ride (issue 14 §4): one per trip, by its rider, changed by rating again.
CREATE TABLE trip_ratings (
  trip_id text PRIMARY KEY REFERENCES trips (id) ON DELETE CASCADE,
  rider_id text NOT NULL,
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment text CHECK (comment IS NULL OR char_length(comment) <= 500),
  rated_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX trip_ratings_rated_at ON trip_ratings (rated_at);
