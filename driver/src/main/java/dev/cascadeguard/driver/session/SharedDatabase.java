package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.GraphCache;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every connection to one database (one URL and user) shares: its dialect and its cached foreign-key graph.
 * Holds no connection, and no connection's settings: each connection asks for the graph with its own time to live.
 */
final class SharedDatabase {

    private final Dialect dialect;
    private final GraphCache graphs;

    SharedDatabase(Dialect dialect) {
        this.dialect = dialect;
        this.graphs = new GraphCache(dialect::loadGraph);
    }

    Dialect dialect() {
        return dialect;
    }

    /** The graph, reloaded on {@code connection} when older than {@code ttlSeconds} (the connection's setting). */
    FkGraph graph(Connection connection, long ttlSeconds) throws SQLException {
        return graphs.get(connection, ttlSeconds);
    }

    void invalidate() {
        graphs.invalidate();
    }
}
