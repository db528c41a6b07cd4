package dev.molt.gateway.support;

import dev.molt.testsupport.TestBackend;

/** The four services as echoing test backends, named like the real ones. */
public record TestServices(TestBackend oldQuery, TestBackend oldCommand, TestBackend newQuery, TestBackend newCommand)
        implements AutoCloseable {

    public static TestServices start() {
        return new TestServices(
                TestBackend.start("old-query"),
                TestBackend.start("old-command"),
                TestBackend.start("new-query"),
                TestBackend.start("new-command"));
    }

    @Override
    public void close() {
        oldQuery.close();
        oldCommand.close();
        newQuery.close();
        newCommand.close();
    }
}
