package dev.cascadeguard.driver.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the guard reads from one database's catalog (its foreign-key graph, its destructive code), loaded lazily once
 * and shared by every connection and pool to it.
 * Concurrent first users wait for one load, not N. Reloaded after its time to live, after DDL passed through
 * the guard ({@link #invalidate()}), or on demand. The time to live is the caller's: connections to one database
 * may be opened with different {@code guard.metadataTtlSeconds}, and each is served a copy no older than its own.
 */
public final class CatalogCache<T> {

    /** Loads what is cached on a connection; the dialect's catalog queries. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(Connection connection) throws SQLException;
    }

    private record Loaded<T>(T value, long loadedAtNanos, long generation) {
    }

    private final Loader<T> loader;
    private final Object lock = new Object();
    private volatile Loaded<T> loaded;
    private final AtomicLong generation = new AtomicLong();

    public CatalogCache(Loader<T> loader) {
        this.loader = loader;
    }

    /**
     * The cached value, loading it on {@code connection} when there is none or it is older than
     * {@code ttlSeconds} (0: always read the catalog). What one caller reloads serves the others too.
     */
    public T get(Connection connection, long ttlSeconds) throws SQLException {
        long ttlNanos = Math.max(0, Math.min(ttlSeconds, Long.MAX_VALUE / 1_000_000_000L)) * 1_000_000_000L;
        Loaded<T> current = loaded;
        if (fresh(current, ttlNanos)) {
            return current.value();
        }
        synchronized (lock) {
            current = loaded;
            if (fresh(current, ttlNanos)) {
                return current.value();
            }
            long startedGeneration = generation.get();
            T value = loadInSavepoint(connection);
            loaded = new Loaded<>(value, System.nanoTime(), startedGeneration);
            return value;
        }
    }

    private boolean fresh(Loaded<T> current, long ttlNanos) {
        // a time to live of 0 means the catalog is read for every guarded statement
        return current != null && current.generation() == generation.get()
                && System.nanoTime() - current.loadedAtNanos() < ttlNanos;
    }

    /**
     * The catalog queries run inside the user's transaction when autocommit is off: a savepoint keeps a failing
     * catalog query from aborting it (PostgreSQL).
     */
    private T loadInSavepoint(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            return loader.load(connection);
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            T value = loader.load(connection);
            connection.releaseSavepoint(savepoint);
            return value;
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
