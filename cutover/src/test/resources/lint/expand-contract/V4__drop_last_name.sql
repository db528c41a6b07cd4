-- Step 4 (contract): once no step-2 app runs.
ALTER TABLE person DROP COLUMN last_name;
