-- Step 1 (expand): the new column, nullable; the running app ignores it.
-- Step 2 needs no migration: an app that writes last_name and surname and reads last_name.
ALTER TABLE person ADD COLUMN surname VARCHAR(100) NULL;
