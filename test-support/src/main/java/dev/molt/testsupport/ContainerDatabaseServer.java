package dev.molt.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;

/** MariaDB in a Testcontainers container, used where a Docker engine answers. */
final class ContainerDatabaseServer extends DatabaseServer {

    private static final String IMAGE = "mariadb:11.4";

    private final MariaDBContainer container;

    private ContainerDatabaseServer(MariaDBContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static ContainerDatabaseServer start() {
        MariaDBContainer container = new MariaDBContainer(IMAGE)
                .withUsername("molt")
                .withPassword("molt")
                .withCommand(
                        "--log-bin=binlog",
                        "--binlog-format=ROW",
                        "--binlog-row-image=FULL",
                        "--server-id=1",
                        "--character-set-server=utf8mb4",
                        "--collation-server=utf8mb4_unicode_ci",
                        "--max-connections=500");
        container.start();
        return new ContainerDatabaseServer(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(3306);
    }

    @Override
    protected String adminUser() {
        return "root";
    }

    @Override
    protected String adminPassword() {
        return container.getPassword();
    }

    @Override
    protected void stop() {
        container.stop();
    }
}
