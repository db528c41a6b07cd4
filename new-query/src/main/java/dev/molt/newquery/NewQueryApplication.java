package dev.molt.newquery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The NEW shop's read side: seafood from the NEW database through a user that may only read, plus
 * the old squid API as an alias until every client has moved.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NewQueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(NewQueryApplication.class, args);
    }
}
