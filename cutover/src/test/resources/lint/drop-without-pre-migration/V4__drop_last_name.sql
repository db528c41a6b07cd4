-- Wrong: last_name is still NOT NULL without a default, so the app that stopped writing it fails on V3.
ALTER TABLE person DROP COLUMN last_name;
