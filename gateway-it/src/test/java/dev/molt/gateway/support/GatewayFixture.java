package dev.molt.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The gateway integration tests' set-up in one place: per test, the four test services, a {@link
 * ReplicatorStub} and a state directory (made on first use) and the gateways it starts, all closed
 * after the test. Register it as a {@code static} {@link
 * org.junit.jupiter.api.extension.RegisterExtension} field.
 *
 * <p>Gateways are not shared between tests: closing one gateway's context disposes Reactor Netty's
 * global resources, which every other gateway in the JVM uses: a gateway kept for a class refused
 * connections as soon as a test had closed one of its own. One gateway at a time, started per test.
 */
public final class GatewayFixture implements BeforeEachCallback, AfterEachCallback {

    private final List<RunningGateway> ofThisTest = new ArrayList<>();
    private Scope testScope;
    private boolean inTest;

    public TestServices services() {
        return scope().services;
    }

    public ReplicatorStub replicator() {
        return scope().replicator;
    }

    /** The state directory of this test. */
    public Path dir() {
        return scope().dir;
    }

    /** A gateway of this test with no state file (stage 1), closed after the test. */
    public RunningGateway start(Map<String, ?> extra) {
        return startAt(0, extra);
    }

    /** A gateway of this test starting at {@code stage} (0: no state file), closed after the test. */
    public RunningGateway startAt(int stage, Map<String, ?> extra) {
        RunningGateway gateway = RunningGateway.start(properties(stage, extra));
        ofThisTest.add(gateway);
        return gateway;
    }

    /** The default test properties of this test's gateway starting at {@code stage}; {@code extra} wins. */
    public Map<String, Object> properties(int stage, Map<String, ?> extra) {
        return properties(scope(), stage, extra);
    }

    private static Map<String, Object> properties(Scope scope, int stage, Map<String, ?> extra) {
        try {
            Path stateFile = stage == 0 ? scope.dir.resolve("cutover.json") : StateFiles.atStage(scope.dir, stage);
            return RunningGateway.properties(scope.services, scope.replicator.uri(), stateFile, extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        for (int i = ofThisTest.size() - 1; i >= 0; i--) {
            ofThisTest.get(i).close();
        }
        ofThisTest.clear();
        if (testScope != null) {
            testScope.close();
            testScope = null;
        }
    }

    private Scope scope() {
        if (!inTest) {
            throw new IllegalStateException("GatewayFixture is for use inside a test");
        }
        if (testScope == null) {
            testScope = Scope.start();
        }
        return testScope;
    }

    /** What one test (or one class) owns besides its gateways. */
    private static final class Scope {

        final TestServices services = TestServices.start();
        final ReplicatorStub replicator;
        final Path dir;

        private Scope() throws IOException {
            replicator = new ReplicatorStub();
            dir = Files.createTempDirectory("molt-gateway-test");
        }

        static Scope start() {
            try {
                return new Scope();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            replicator.close();
            services.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
