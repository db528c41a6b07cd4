package dev.molt.oldquery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The OLD shop's read side: squids from the OLD database, through a user that may only read. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OldQueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(OldQueryApplication.class, args);
    }
}
