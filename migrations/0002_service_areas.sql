-- Where the service runs. A request is inside when any active area covers its origin and its destination.
CREATE TABLE service_areas (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  geom geography(MultiPolygon, 4326) NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- covers() asks only active areas.
CREATE INDEX service_areas_active_geom_gist ON service_areas USING gist (geom) WHERE active;
