-- Wrong: the new table must exist before the app that uses it, the old one must outlive the app that uses it.
CREATE TABLE person_name_change (
    person_id  BIGINT       NOT NULL,
    changed_at DATETIME(6)  NOT NULL,
    old_name   VARCHAR(100) NOT NULL,
    PRIMARY KEY (person_id, changed_at)
) ENGINE = InnoDB;
DROP TABLE person_import;
