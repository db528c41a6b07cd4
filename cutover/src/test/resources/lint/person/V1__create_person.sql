-- The example the expand/contract rules are shown on: person.last_name is to become surname.
CREATE TABLE person (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    first_name VARCHAR(100) NOT NULL,
    last_name  VARCHAR(100) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

# a table the old app still imports from
CREATE TABLE person_import (
    id        BIGINT       NOT NULL,
    payload   TEXT         NOT NULL, /* one person as the old file format had it; */
    PRIMARY KEY (id)
) ENGINE = InnoDB;
