-- How riders recognise their vehicle: the licence plate and the body colour (CSS #rrggbb), as the operator enters them.
ALTER TABLE vehicles ADD COLUMN plate text CHECK (plate IS NULL OR length(plate) BETWEEN 1 AND 20);
ALTER TABLE vehicles ADD COLUMN colour text CHECK (colour IS NULL OR colour ~ '^#[0-9a-f]{6}$');
