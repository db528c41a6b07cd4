package dev.molt.replicator.snapshot;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The chunks of one range in key order, each read on a reader thread while the worker writes the
 * one before: the source's read and the mapping no longer wait for the target's write, so one
 * writer keeps both cores busy. Measured, two writers at once cost the database a third more CPU
 * per row than one (docs/BENCHMARKS.md). Reading ahead is harmless: a chunk's rows and its range's
 * progress still commit together, and the version guard and the tombstones decide at write time.
 * Used by one worker at a time.
 */
final class RangeReader implements AutoCloseable {

    private final ChunkReader reader;
    private final DataSource from;
    private final String upTo;
    private final ExecutorService readers;
    private String after;
    private boolean end;
    private Future<ChunkReader.Chunk> ahead;

    /** @param after the last key copied (or before the range); the first chunk starts after it */
    RangeReader(ChunkReader reader, DataSource from, String after, String upTo, ExecutorService readers) {
        this.reader = reader;
        this.from = from;
        this.after = after;
        this.upTo = upTo;
        this.readers = readers;
    }

    /**
     * The next chunk; that after it is read meanwhile, of {@code size} rows. Call only while the
     * chunk before was not the range's end.
     */
    ChunkReader.Chunk next(int size) throws InterruptedException, SQLException {
        if (end) {
            throw new IllegalStateException("the range is read to its end");
        }
        Future<ChunkReader.Chunk> current = ahead != null ? ahead : start(after, size);
        ahead = null;
        ChunkReader.Chunk chunk = await(current);
        end = chunk.end();
        if (!end) {
            after = String.valueOf(chunk.last());
            ahead = start(after, size);
        }
        return chunk;
    }

    private Future<ChunkReader.Chunk> start(String from, int size) {
        String key = from;
        return readers.submit(() -> reader.read(this.from, key, upTo, size));
    }

    private static ChunkReader.Chunk await(Future<ChunkReader.Chunk> chunk) throws InterruptedException, SQLException {
        try {
            return chunk.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Cancels the read ahead, if any. */
    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(true);
            ahead = null;
        }
    }
}
