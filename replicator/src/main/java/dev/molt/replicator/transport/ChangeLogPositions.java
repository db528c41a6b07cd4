package dev.molt.replicator.transport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where the appliers of a pipeline are in its change log, kept in the target database and
 * written in the transaction of the rows they cover: per partition, the next offset to apply and
 * the newest heartbeat applied. The database, not the consumer group's committed offsets, is what
 * an applier resumes from, so a crash between the database commit and the Kafka commit repeats
 * nothing that matters and loses nothing. Every value only grows: an applier that lost its
 * partition to another while committing cannot move it back.
 */
public final class ChangeLogPositions {

    public static final String TABLE = "molt_changelog_position";

    /** One partition's position, as an applier stores it. */
    public record Position(int partition, long nextOffset, long beatSeq, long beatWrittenAt) {}

    /**
     * What all partitions together have applied.
     *
     * @param partitions the partitions with a stored position
     * @param beatSeq the lowest heartbeat applied over them: every beat up to it is applied everywhere
     * @param beatWrittenAt when that beat was written
     * @param nextOffsets the next offset to apply, per partition
     */
    public record Progress(int partitions, long beatSeq, long beatWrittenAt, Map<Integer, Long> nextOffsets) {}

    private ChangeLogPositions() {}

    public static void prepare(DataSource target) throws SQLException {
        try (Connection connection = target.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (pipeline VARCHAR(64) NOT NULL, kafka_partition INT NOT NULL, next_offset BIGINT NOT NULL,"
                    + " beat_seq BIGINT NOT NULL, beat_written_at BIGINT NOT NULL, applied_at DATETIME(6) NOT NULL,"
                    + " PRIMARY KEY (pipeline, kafka_partition))");
        }
    }

    static void save(Connection connection, String pipeline, Collection<Position> positions) throws SQLException {
        try (PreparedStatement save = connection.prepareStatement("INSERT INTO " + TABLE
                + " (pipeline, kafka_partition, next_offset, beat_seq, beat_written_at, applied_at)"
                + " VALUES (?, ?, ?, ?, ?, NOW(6)) ON DUPLICATE KEY UPDATE"
                + " next_offset = GREATEST(next_offset, VALUES(next_offset)),"
                + " beat_seq = GREATEST(beat_seq, VALUES(beat_seq)),"
                + " beat_written_at = GREATEST(beat_written_at, VALUES(beat_written_at)),"
                + " applied_at = VALUES(applied_at)")) {
            for (Position position : positions) {
                save.setString(1, pipeline);
                save.setInt(2, position.partition());
                save.setLong(3, position.nextOffset());
                save.setLong(4, position.beatSeq());
                save.setLong(5, position.beatWrittenAt());
                save.addBatch();
            }
            save.executeBatch();
        }
    }

    public static Progress progress(DataSource target, String pipeline) throws SQLException {
        try (Connection connection = target.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT kafka_partition, next_offset, beat_seq,"
                        + " beat_written_at FROM " + TABLE + " WHERE pipeline = ?")) {
            select.setString(1, pipeline);
            Map<Integer, Long> next = new HashMap<>();
            long beatSeq = Long.MAX_VALUE;
            long beatWrittenAt = Long.MAX_VALUE;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    next.put(rows.getInt(1), rows.getLong(2));
                    beatSeq = Math.min(beatSeq, rows.getLong(3));
                    beatWrittenAt = Math.min(beatWrittenAt, rows.getLong(4));
                }
            }
            return next.isEmpty()
                    ? new Progress(0, 0, 0, next)
                    : new Progress(next.size(), beatSeq, beatWrittenAt, next);
        }
    }
}
