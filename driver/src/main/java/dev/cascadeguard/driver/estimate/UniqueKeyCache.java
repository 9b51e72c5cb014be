package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.UniqueKeys;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The unique keys of the tables REPLACEs write to, read once per catalog graph: a schema change the guard sees (its
 * DDL, the metadata TTL) brings a new graph, and with it a fresh read, so keys are exactly as fresh as foreign keys.
 */
final class UniqueKeyCache {

    private final Map<FkGraph, Map<TableId, UniqueKeys>> byGraph = new WeakHashMap<>();

    synchronized UniqueKeys of(Connection connection, Dialect dialect, FkGraph graph, TableId table)
            throws SQLException {
        Map<TableId, UniqueKeys> tables = byGraph.computeIfAbsent(graph, g -> new HashMap<>());
        UniqueKeys keys = tables.get(table);
        if (keys == null) {
            keys = UniqueKeys.read(connection, dialect, table);
            tables.put(table, keys);
        }
        return keys;
    }
}
