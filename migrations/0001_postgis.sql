-- PostGIS: service areas, stop locations and vehicle positions are geography in SRID 4326, [lon, lat].
CREATE EXTENSION IF NOT EXISTS postgis;
