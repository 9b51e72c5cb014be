package dev.cascadeguard.driver;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.estimate.Estimator;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.GraphCache;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every connection to one database (one URL and user) shares: its dialect, its cached foreign-key graph and
 * its estimator. Holds no connection.
 */
final class DatabaseGuard {

    private final Dialect dialect;
    private final GraphCache graphs;
    private final Estimator estimator;

    DatabaseGuard(Dialect dialect, long metadataTtlSeconds) {
        this.dialect = dialect;
        this.graphs = new GraphCache(dialect::loadGraph, metadataTtlSeconds);
        this.estimator = new Estimator(dialect);
    }

    Dialect dialect() {
        return dialect;
    }

    Estimator estimator() {
        return estimator;
    }

    FkGraph graph(Connection connection) throws SQLException {
        return graphs.get(connection);
    }

    void invalidate() {
        graphs.invalidate();
    }
}
