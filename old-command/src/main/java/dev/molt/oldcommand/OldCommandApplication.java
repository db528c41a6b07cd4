package dev.molt.oldcommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The OLD shop's write side: squids on the OLD database, whose schema it owns. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OldCommandApplication {

    public static void main(String[] args) {
        SpringApplication.run(OldCommandApplication.class, args);
    }
}
