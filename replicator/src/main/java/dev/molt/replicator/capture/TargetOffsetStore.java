package dev.molt.replicator.capture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * Debezium's offset store, read from the target database table that the applier writes in the
 * same transaction as the rows (see {@link AppliedPositionRepository}). The engine's own offset flush
 * is acknowledged and ignored: the applied position is already durable, atomically with its rows,
 * which is what lets a restart resume exactly where the target is.
 */
public class TargetOffsetStore implements OffsetBackingStore {

    /** Settings of the engine that configure this store. */
    public static final String URL = "molt.offset.url";

    public static final String USER = "molt.offset.user";
    public static final String PASSWORD = "molt.offset.password";
    public static final String PIPELINE = "molt.offset.pipeline";
    public static final String NAMESPACE = "name";

    private String url;
    private String user;
    private String password;
    private String pipeline;
    private OffsetCodec codec;
    private AppliedPositionRepository positions;

    @Override
    public void configure(WorkerConfig config) {
        Map<String, String> settings = config.originalsStrings();
        url = settings.get(URL);
        user = settings.get(USER);
        password = settings.getOrDefault(PASSWORD, "");
        pipeline = settings.get(PIPELINE);
        codec = new OffsetCodec(settings.get(NAMESPACE));
        positions = new AppliedPositionRepository(pipeline);
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            Optional<AppliedPositionRepository.Offset> stored = positions.offset(connection);
            if (stored.isPresent()) {
                byte[] storedKey = stored.get().key().getBytes(StandardCharsets.UTF_8);
                byte[] storedValue = stored.get().value().getBytes(StandardCharsets.UTF_8);
                for (ByteBuffer key : keys) {
                    byte[] wanted = new byte[key.remaining()];
                    key.duplicate().get(wanted);
                    if (codec.sameKey(wanted, storedKey)) {
                        result.put(key, ByteBuffer.wrap(storedValue));
                    }
                }
            }
        } catch (SQLException e) {
            throw new ConnectException("could not read the offsets of pipeline " + pipeline + " from the target", e);
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }
}
