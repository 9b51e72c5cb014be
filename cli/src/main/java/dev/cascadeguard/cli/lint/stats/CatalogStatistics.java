package dev.cascadeguard.cli.lint.stats;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code lint} reads from a database's catalog beyond the foreign-key graph: row estimates where the database
 * keeps them, and the column lists of the indexes that can serve a lookup by a foreign key. One class per database,
 * chosen by the dialect's name; any other database goes through {@link GenericStatistics} (DatabaseMetaData).
 */
public interface CatalogStatistics {

    /** Row estimates of {@code tables}; a table the catalog has no estimate for is counted up to a bound. */
    Map<TableId, RowEstimate> rows(Connection connection, Collection<TableInfo> tables) throws SQLException;

    /**
     * The key columns of every index (full, not partial) on each of {@code tables}, in index order; an expression
     * part of an index appears as an empty name. Primary keys count as indexes wherever the database has one behind
     * them; the caller adds the graph's primary key for databases where it has none (SQLite's rowid).
     */
    Map<TableId, List<List<String>>> indexes(Connection connection, Collection<TableInfo> tables) throws SQLException;

    /**
     * The schemas {@code lint} reviews by default, where the graph holds more than the connection's own database
     * (MariaDB's loader reads every database of the server); empty for all the graph holds.
     */
    default Optional<String> ownSchema(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /**
     * Per single-column foreign key, the referencing rows of the parent value that most of them share: the heaviest
     * root row, where the database keeps the most common values of a column (PostgreSQL's {@code pg_stats}). Empty
     * where it keeps none, or the column was never analyzed.
     */
    default Map<ForeignKey, Double> heaviestParent(Connection connection, Collection<ForeignKey> keys,
                                                   Map<TableId, RowEstimate> rows) throws SQLException {
        return Map.of();
    }

    /** True where {@code TRUNCATE … CASCADE} empties referencing tables (PostgreSQL). */
    default boolean truncateCascades() {
        return false;
    }

    /**
     * False where a row deleted by a cascade does not fire the table's DELETE triggers (InnoDB: checked on MariaDB
     * 10.11, a trigger that logs each deleted row logs a direct DELETE but not a cascaded one).
     */
    default boolean cascadesFireTriggers() {
        return true;
    }

    /** The statistics for {@code dialect}'s database. */
    static CatalogStatistics of(Dialect dialect) {
        Map<String, Function<Dialect, CatalogStatistics>> byName = Map.of(
                "PostgreSQL", PostgresStatistics::new,
                "H2", H2Statistics::new,
                "MariaDB", MariaDbStatistics::new,
                "SQLite", SqliteStatistics::new);
        return byName.getOrDefault(dialect.name(), GenericStatistics::new).apply(dialect);
    }
}
