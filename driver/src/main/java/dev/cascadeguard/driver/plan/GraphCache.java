package dev.cascadeguard.driver.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The foreign-key graph of one database, loaded lazily once and shared by every connection and pool to it.
 * Concurrent first users wait for one load, not N. Reloaded after its time to live, after DDL passed through
 * the guard ({@link #invalidate()}), or on demand. The time to live is the caller's: connections to one database
 * may be opened with different {@code guard.metadataTtlSeconds}, and each is served a graph no older than its own.
 */
public final class GraphCache {

    /** Loads the graph on a connection; the dialect's catalog queries. */
    @FunctionalInterface
    public interface Loader {
        FkGraph load(Connection connection) throws SQLException;
    }

    private record Loaded(FkGraph graph, long loadedAtNanos, long generation) {
    }

    private final Loader loader;
    private final Object lock = new Object();
    private volatile Loaded loaded;
    private final AtomicLong generation = new AtomicLong();

    public GraphCache(Loader loader) {
        this.loader = loader;
    }

    /**
     * The current graph, loading it on {@code connection} when there is none or it is older than
     * {@code ttlSeconds} (0: always read the catalog). A graph one caller reloads serves the others too.
     */
    public FkGraph get(Connection connection, long ttlSeconds) throws SQLException {
        long ttlNanos = Math.max(0, Math.min(ttlSeconds, Long.MAX_VALUE / 1_000_000_000L)) * 1_000_000_000L;
        Loaded current = loaded;
        if (fresh(current, ttlNanos)) {
            return current.graph();
        }
        synchronized (lock) {
            current = loaded;
            if (fresh(current, ttlNanos)) {
                return current.graph();
            }
            long startedGeneration = generation.get();
            FkGraph graph = loadInSavepoint(connection);
            loaded = new Loaded(graph, System.nanoTime(), startedGeneration);
            return graph;
        }
    }

    private boolean fresh(Loaded current, long ttlNanos) {
        // a time to live of 0 means the catalog is read for every guarded statement
        return current != null && current.generation() == generation.get()
                && System.nanoTime() - current.loadedAtNanos() < ttlNanos;
    }

    /**
     * The catalog queries run inside the user's transaction when autocommit is off: a savepoint keeps a failing
     * catalog query from aborting it (PostgreSQL).
     */
    private FkGraph loadInSavepoint(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            return loader.load(connection);
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            FkGraph graph = loader.load(connection);
            connection.releaseSavepoint(savepoint);
            return graph;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException restoring) {
                e.addSuppressed(restoring); // H2 and SQLite drop the savepoint on rollback: nothing to release
            }
            throw e;
        }
    }

    /** The schema may have changed: the next user reloads. A load already under way is not trusted either. */
    public void invalidate() {
        generation.incrementAndGet();
    }
}
