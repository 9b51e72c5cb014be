package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.DestructiveCode;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.CatalogCache;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.GraphCache;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every connection to one database (one URL and user) shares: its dialect, its cached foreign-key graph and
 * its cached destructive code.
 * Holds no connection, and no connection's settings: each connection asks for the graph with its own time to live.
 */
final class SharedDatabase {

    private final Dialect dialect;
    private final GraphCache graphs;
    private final CatalogCache<DestructiveCode> code;
    private final PassThroughTexts passThrough = new PassThroughTexts();

    SharedDatabase(Dialect dialect) {
        this.dialect = dialect;
        this.graphs = new GraphCache(dialect::loadGraph);
        this.code = new CatalogCache<>(dialect::destructiveCode);
    }

    Dialect dialect() {
        return dialect;
    }

    /** The texts prepared statements let through untouched, shared by every connection to this database. */
    PassThroughTexts passThrough() {
        return passThrough;
    }

    /** The graph, reloaded on {@code connection} when older than {@code ttlSeconds} (the connection's setting). */
    FkGraph graph(Connection connection, long ttlSeconds) throws SQLException {
        return graphs.get(connection, ttlSeconds);
    }

    /** The routines, triggers and rules that destroy rows, cached as the graph is (and reloaded with it). */
    DestructiveCode destructiveCode(Connection connection, long ttlSeconds) throws SQLException {
        return code.get(connection, ttlSeconds);
    }

    void invalidate() {
        graphs.invalidate();
        code.invalidate();
    }
}
