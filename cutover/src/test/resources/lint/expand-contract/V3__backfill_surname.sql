-- Step 3: copy what the step-2 app has not written yet, and make last_name nullable (the
-- pre-migration of the drop), so that an app reading and writing only surname can insert.
UPDATE person SET surname = last_name WHERE surname IS NULL;
ALTER TABLE person MODIFY last_name VARCHAR(100) NULL;
