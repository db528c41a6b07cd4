UPDATE person SET surname = last_name WHERE surname IS NULL;
