package dev.cascadeguard.driver.plan;

import java.sql.Connection;
import java.sql.SQLException;

/** The foreign-key graph of one database, cached as {@link CatalogCache} caches any catalog read. */
public final class GraphCache {

    /** Loads the graph on a connection; the dialect's catalog queries. */
    @FunctionalInterface
    public interface Loader {
        FkGraph load(Connection connection) throws SQLException;
    }

    private final CatalogCache<FkGraph> cache;

    public GraphCache(Loader loader) {
        this.cache = new CatalogCache<>(loader::load);
    }

    /** The current graph, reloaded on {@code connection} when older than {@code ttlSeconds} (see CatalogCache). */
    public FkGraph get(Connection connection, long ttlSeconds) throws SQLException {
        return cache.get(connection, ttlSeconds);
    }

    /** The schema may have changed: the next user reloads. */
    public void invalidate() {
        cache.invalidate();
    }
}
