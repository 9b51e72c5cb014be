package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the rows of a dialect's catalog queries (one row per table, key column, column or trigger) and turns
 * them into an {@link FkGraph}. Catalogs return a composite key as one row per column, so key columns are
 * gathered per constraint and put in key order here, whatever order the rows came in.
 */
final class GraphBuilder {

    private final Map<TableId, TableParts> tables = new LinkedHashMap<>();
    private final Map<Object, KeyParts> foreignKeys = new LinkedHashMap<>();

    /** Registers a table; safe to call again for a table already known. */
    GraphBuilder table(TableId table) {
        tables.computeIfAbsent(table, TableParts::new);
        return this;
    }

    boolean hasTable(TableId table) {
        return tables.containsKey(table);
    }

    /** A primary key column at {@code position} (1-based, any order of calls). */
    GraphBuilder primaryKeyColumn(TableId table, int position, String column) {
        tableParts(table).primaryKey.put(position, column);
        return this;
    }

    GraphBuilder primaryKey(TableId table, List<String> columnsInOrder) {
        for (int i = 0; i < columnsInOrder.size(); i++) {
            primaryKeyColumn(table, i + 1, columnsInOrder.get(i));
        }
        return this;
    }

    List<String> primaryKeyOf(TableId table) {
        TableParts parts = tables.get(table);
        return parts == null ? List.of() : List.copyOf(parts.primaryKey.values());
    }

    /** Nullability and default of a column; only the referencing columns of foreign keys are kept. */
    GraphBuilder column(TableId table, String column, boolean nullable, String defaultValue) {
        tableParts(table).columns.put(column, new ColumnInfo(column, nullable, defaultValue));
        return this;
    }

    GraphBuilder deleteTrigger(TableId table) {
        tableParts(table).hasDeleteTrigger = true;
        return this;
    }

    /**
     * Starts a foreign key, or returns the one already started under {@code key}. The key only has to identify the
     * constraint within this load (an oid, a schema-qualified name, a child table and ordinal).
     */
    KeyParts foreignKey(Object key, String name, TableId child, TableId parent, FkAction onDelete) {
        return foreignKeys.computeIfAbsent(key, k -> new KeyParts(name, child, parent, onDelete));
    }

    /**
     * Reads a tables query whose rows are (schema, table, primary key column or NULL, its position,
     * has-delete-trigger), one row per primary key column: the shape H2's and MariaDB's information_schema
     * queries share.
     */
    GraphBuilder tables(ResultSet rows) throws SQLException {
        while (rows.next()) {
            TableId table = new TableId(rows.getString(1), rows.getString(2));
            table(table);
            if (rows.getString(3) != null) {
                primaryKeyColumn(table, rows.getInt(4), rows.getString(3));
            }
            if (rows.getBoolean(5)) {
                deleteTrigger(table);
            }
        }
        return this;
    }

    FkGraph build() {
        List<ForeignKey> keys = new ArrayList<>(foreignKeys.size());
        Map<TableId, List<String>> referencingColumns = new HashMap<>();
        for (KeyParts parts : foreignKeys.values()) {
            ForeignKey fk = parts.toForeignKey();
            keys.add(fk);
            referencingColumns.computeIfAbsent(fk.child(), k -> new ArrayList<>()).addAll(fk.childColumns());
        }
        List<TableInfo> infos = new ArrayList<>(tables.size());
        for (TableParts parts : tables.values()) {
            Map<String, ColumnInfo> columns = new HashMap<>();
            for (String column : referencingColumns.getOrDefault(parts.id, List.of())) {
                ColumnInfo info = parts.columns.get(column);
                if (info != null) {
                    columns.put(column, info);
                }
            }
            infos.add(new TableInfo(parts.id, List.copyOf(parts.primaryKey.values()), columns, parts.hasDeleteTrigger));
        }
        return new FkGraph(infos, keys);
    }

    private TableParts tableParts(TableId table) {
        return tables.computeIfAbsent(table, TableParts::new);
    }

    private static final class TableParts {
        final TableId id;
        final TreeMap<Integer, String> primaryKey = new TreeMap<>();
        final Map<String, ColumnInfo> columns = new HashMap<>();
        boolean hasDeleteTrigger;

        TableParts(TableId id) {
            this.id = id;
        }
    }

    /** One foreign key being assembled from its per-column catalog rows. */
    static final class KeyParts {
        private final String name;
        private final TableId child;
        private final TableId parent;
        private final FkAction onDelete;
        private final TreeMap<Integer, String[]> columnPairs = new TreeMap<>();
        private final TreeMap<Integer, String> setColumns = new TreeMap<>();
        private boolean deferrable;
        private boolean initiallyDeferred;
        private String processingOrder;
        private FkAction onUpdate = FkAction.NO_ACTION;

        private KeyParts(String name, TableId child, TableId parent, FkAction onDelete) {
            this.name = name;
            this.child = child;
            this.parent = parent;
            this.onDelete = onDelete;
        }

        /** The referencing and referenced column at {@code position} of the key (1-based). */
        KeyParts column(int position, String childColumn, String parentColumn) {
            columnPairs.put(position, new String[] {childColumn, parentColumn});
            return this;
        }

        /** Marks a referencing column as one that PostgreSQL 15's {@code SET NULL (col, ...)} changes. */
        KeyParts setColumn(int position, String childColumn) {
            setColumns.put(position, childColumn);
            return this;
        }

        KeyParts deferrable(boolean deferrable, boolean initiallyDeferred) {
            this.deferrable = deferrable;
            this.initiallyDeferred = initiallyDeferred;
            return this;
        }

        /** Where the database handles this key among the keys of its parent table (see ForeignKey). */
        KeyParts processingOrder(String order) {
            this.processingOrder = order;
            return this;
        }

        /** The key's ON UPDATE rule (NO ACTION until a catalog says otherwise). */
        KeyParts onUpdate(FkAction action) {
            this.onUpdate = action;
            return this;
        }

        boolean hasColumns() {
            return !columnPairs.isEmpty();
        }

        private ForeignKey toForeignKey() {
            List<String> childColumns = new ArrayList<>();
            List<String> parentColumns = new ArrayList<>();
            for (String[] pair : columnPairs.values()) {
                childColumns.add(pair[0]);
                parentColumns.add(pair[1]);
            }
            return new ForeignKey(name, child, childColumns, parent, parentColumns, onDelete, deferrable,
                    initiallyDeferred, List.copyOf(setColumns.values()), processingOrder, onUpdate);
        }
    }
}
