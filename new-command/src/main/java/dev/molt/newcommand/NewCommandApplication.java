package dev.molt.newcommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The NEW shop's write side: seafood on the NEW database, whose schema it owns, plus the old
 * squid API as an alias until every client has moved.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NewCommandApplication {

    public static void main(String[] args) {
        SpringApplication.run(NewCommandApplication.class, args);
    }
}
