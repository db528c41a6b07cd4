-- Wrong: the running app still names last_name.
ALTER TABLE person RENAME COLUMN last_name TO surname;
