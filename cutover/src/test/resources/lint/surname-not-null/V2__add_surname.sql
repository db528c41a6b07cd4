-- Wrong: the running app's inserts do not name surname.
ALTER TABLE person ADD COLUMN surname VARCHAR(100) NOT NULL;
