package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Each database's catalog answer to "is this name a view, and does a DELETE through it delete its base table's rows
 * by the database's own rules?" ({@link Dialect#view}). Measured on PostgreSQL 15, MariaDB 10.11, H2 2.3 and SQLite
 * 3.50 (docs/database-semantics.md §14); kept here so that the dialect classes stay about foreign keys.
 */
final class ViewCatalogs {

    private ViewCatalogs() {
    }

    /**
     * PostgreSQL: a view is auto-updatable when {@code pg_relation_is_updatable} has the DELETE bit (1 << 4) without
     * counting triggers. That function also says yes for a view with a DO INSTEAD rule, and PostgreSQL prefers an
     * INSTEAD OF trigger or a rule to auto-updating: any DELETE rule or DELETE trigger on the view (a statement-level
     * one runs code too) makes the DELETE something else than the base table's.
     */
    static Optional<ViewInfo> postgres(Connection connection, TableName name) throws SQLException {
        String relation = pgIdentifier(name.schema(), name.quoted()) == null ? pgIdentifier(name.name(), name.quoted())
                : pgIdentifier(name.schema(), name.quoted()) + "." + pgIdentifier(name.name(), name.quoted());
        String sql = """
                select c.oid, n.nspname, c.relname, pg_get_viewdef(c.oid),
                       pg_relation_is_updatable(c.oid, false) & 16 <> 0,
                       exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgtype & 72 = 72),
                       exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgtype & 8 <> 0
                                 and not t.tgisinternal),
                       exists (select 1 from pg_rewrite r where r.ev_class = c.oid and r.ev_type = '4')
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.oid = to_regclass(?) and c.relkind = 'v'""";
        long oid;
        TableId id;
        String definition;
        String why = null;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, relation);
            try (ResultSet rows = ps.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                oid = rows.getLong(1);
                id = new TableId(rows.getString(2), rows.getString(3));
                definition = rows.getString(4);
                if (rows.getBoolean(6)) {
                    why = "it has an INSTEAD OF DELETE trigger: the trigger's code decides what is deleted";
                } else if (rows.getBoolean(7)) {
                    why = "it has a DELETE trigger: its code runs with the delete";
                } else if (rows.getBoolean(8)) {
                    why = "it has a rule ON DELETE: the rule's statements run instead of or with the delete";
                } else if (!rows.getBoolean(5)) {
                    why = "PostgreSQL cannot delete through it by itself (not automatically updatable: joins, "
                            + "aggregates, DISTINCT, LIMIT, set operations ...)";
                }
            }
        }
        if (why != null) {
            return Optional.of(ViewInfo.notDeletable(id, why));
        }
        // the relations its query reads: pg_get_viewdef names them relative to the search path
        List<TableId> reads = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                select distinct n.nspname, c.relname
                  from pg_rewrite r
                  join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
                                  and d.refclassid = 'pg_class'::regclass
                  join pg_class c on c.oid = d.refobjid
                  join pg_namespace n on n.oid = c.relnamespace
                 where r.ev_class = ? and c.oid <> ?""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rows = ps.executeQuery()) {
                while (rows.next()) {
                    reads.add(new TableId(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return Optional.of(new ViewInfo(id, definition, reads, null));
    }

    private static String pgIdentifier(String part, boolean quoted) {
        if (part == null) {
            return null;
        }
        String exact = quoted ? part : part.toLowerCase(Locale.ROOT);
        return "\"" + exact.replace("\"", "\"\"") + "\"";
    }

    /**
     * MariaDB / MySQL: {@code IS_UPDATABLE} is the server's own verdict (MERGE-able: one table, no aggregates,
     * DISTINCT, UNION, TEMPTABLE algorithm ...); views have no triggers. The definition qualifies every name.
     */
    static Optional<ViewInfo> mariaDb(Connection connection, TableName name, String currentSchema)
            throws SQLException {
        String schema = name.schema() != null ? name.schema() : currentSchema;
        try (PreparedStatement ps = connection.prepareStatement("select TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, "
                + "IS_UPDATABLE from information_schema.VIEWS where TABLE_SCHEMA = ? and TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name.name());
            try (ResultSet rows = ps.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                TableId id = new TableId(rows.getString(1), rows.getString(2));
                String definition = rows.getString(3);
                if (!"YES".equalsIgnoreCase(rows.getString(4))) {
                    return Optional.of(ViewInfo.notDeletable(id, "MariaDB cannot delete through it (not updatable: "
                            + "joins, aggregates, DISTINCT, UNION, ALGORITHM=TEMPTABLE ...); the server refuses"));
                }
                if (definition == null || definition.isBlank()) {
                    return Optional.of(ViewInfo.notDeletable(id, "its definition is not readable by this user"));
                }
                return Optional.of(new ViewInfo(id, definition, List.of(), null));
            }
        }
    }

    /** H2 2.3 deletes through a view only by its INSTEAD OF trigger (Java code); without one it refuses (HYC00). */
    static Optional<ViewInfo> h2(Connection connection, TableName name, String currentSchema) throws SQLException {
        String schema = name.schema() == null ? currentSchema
                : name.quoted() ? name.schema() : name.schema().toUpperCase(Locale.ROOT);
        String table = name.quoted() ? name.name() : name.name().toUpperCase(Locale.ROOT);
        try (PreparedStatement ps = connection.prepareStatement("select v.TABLE_SCHEMA, v.TABLE_NAME, exists (select 1 "
                + "from INFORMATION_SCHEMA.TRIGGERS t where t.EVENT_OBJECT_SCHEMA = v.TABLE_SCHEMA and "
                + "t.EVENT_OBJECT_TABLE = v.TABLE_NAME and t.ACTION_TIMING = 'INSTEAD OF' and "
                + "t.EVENT_MANIPULATION = 'DELETE') from INFORMATION_SCHEMA.VIEWS v where v.TABLE_SCHEMA = ? and "
                + "v.TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rows = ps.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                TableId id = new TableId(rows.getString(1), rows.getString(2));
                return Optional.of(ViewInfo.notDeletable(id, rows.getBoolean(3)
                        ? "it has an INSTEAD OF DELETE trigger: the trigger's code decides what is deleted"
                        : "H2 deletes through a view only by an INSTEAD OF trigger; without one it refuses"));
            }
        }
    }

    /** SQLite views are read-only: a DELETE through one runs its INSTEAD OF DELETE trigger or is refused. */
    static Optional<ViewInfo> sqlite(Connection connection, TableName name) throws SQLException {
        String schema = name.schema() == null ? "main" : name.schema();
        if (!schema.equalsIgnoreCase("main") && !schema.equalsIgnoreCase("temp")) {
            return Optional.empty();
        }
        String master = schema.equalsIgnoreCase("temp") ? "sqlite_temp_master" : "sqlite_master";
        try (PreparedStatement ps = connection.prepareStatement("select v.name, exists (select 1 from " + master
                + " t where t.type = 'trigger' and lower(t.tbl_name) = lower(v.name) and upper(t.sql) like "
                + "'%INSTEAD OF%DELETE%') from " + master + " v where v.type = 'view' and lower(v.name) = lower(?)")) {
            ps.setString(1, name.name());
            try (ResultSet rows = ps.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                TableId id = new TableId(schema.toLowerCase(Locale.ROOT), rows.getString(1));
                return Optional.of(ViewInfo.notDeletable(id, rows.getBoolean(2)
                        ? "it has an INSTEAD OF DELETE trigger: the trigger's code decides what is deleted"
                        : "SQLite views are read-only without an INSTEAD OF DELETE trigger; SQLite refuses"));
            }
        }
    }
}
