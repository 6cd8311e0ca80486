-- The direct drive from pickup to dropoff, measured when the trip was decided: detour = ride / direct.
ALTER TABLE trips ADD COLUMN direct_s double precision CHECK (direct_s >= 0);
ALTER TABLE trips ADD COLUMN direct_m double precision CHECK (direct_m >= 0);
