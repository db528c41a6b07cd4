package dev.molt.replicator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The replicator process: Debezium pipelines from one database to another, with a control API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReplicatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReplicatorApplication.class, args);
    }
}
