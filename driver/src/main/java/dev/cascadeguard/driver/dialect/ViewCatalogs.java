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
                       exists (select 1 from pg_rewrite r where r.ev_class = c.oid and r.ev_type = '4'),
                       pg_relation_is_updatable(c.oid, false) & 4 <> 0,
                       exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgtype & 80 = 80),
                       exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgtype & 16 <> 0
                                 and not t.tgisinternal),
                       exists (select 1 from pg_rewrite r where r.ev_class = c.oid and r.ev_type = '2')
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.oid = to_regclass(?) and c.relkind = 'v'""";
        long oid;
        TableId id;
        String definition;
        String whyNotDelete;
        String whyNotUpdate;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, relation);
            try (ResultSet rows = ps.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                oid = rows.getLong(1);
                id = new TableId(rows.getString(2), rows.getString(3));
                definition = rows.getString(4);
                whyNotDelete = pgRefusal("DELETE", rows.getBoolean(5), rows.getBoolean(6), rows.getBoolean(7),
                        rows.getBoolean(8));
                whyNotUpdate = pgRefusal("UPDATE", rows.getBoolean(9), rows.getBoolean(10), rows.getBoolean(11),
                        rows.getBoolean(12));
            }
        }
        if (whyNotDelete != null && whyNotUpdate != null) {
            return Optional.of(ViewInfo.notThrough(id, whyNotDelete, whyNotUpdate));
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
        return Optional.of(new ViewInfo(id, definition, reads, whyNotDelete, whyNotUpdate));
    }

    /** Why PostgreSQL does not {@code verb} through the view by itself, or null when it does. */
    private static String pgRefusal(String verb, boolean autoUpdatable, boolean insteadOfTrigger, boolean trigger,
                                    boolean rule) {
        if (insteadOfTrigger) {
            return "it has an INSTEAD OF " + verb + " trigger: the trigger's code decides what is "
                    + (verb.equals("DELETE") ? "deleted" : "changed");
        } else if (trigger) {
            return "it has a " + verb + " trigger: its code runs with the " + verb.toLowerCase(Locale.ROOT);
        } else if (rule) {
            return "it has a rule ON " + verb + ": the rule's statements run instead of or with the "
                    + verb.toLowerCase(Locale.ROOT);
        } else if (!autoUpdatable) {
            return "PostgreSQL cannot " + verb.toLowerCase(Locale.ROOT) + " through it by itself (not automatically "
                    + "updatable: joins, aggregates, DISTINCT, LIMIT, set operations ...)";
        }
        return null;
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
                    String why = "MariaDB cannot delete or update through it (not updatable: joins, aggregates, "
                            + "DISTINCT, UNION, ALGORITHM=TEMPTABLE ...); the server refuses";
                    return Optional.of(ViewInfo.notThrough(id, why, why));
                }
                if (definition == null || definition.isBlank()) {
                    String why = "its definition is not readable by this user";
                    return Optional.of(ViewInfo.notThrough(id, why, why));
                }
                return Optional.of(new ViewInfo(id, definition, List.of(), null, null));
            }
        }
    }

    /** H2 2.3 deletes through a view only by its INSTEAD OF trigger (Java code); without one it refuses (HYC00). */
    static Optional<ViewInfo> h2(Connection connection, TableName name, String currentSchema) throws SQLException {
        String schema = name.schema() == null ? currentSchema
                : name.quoted() ? name.schema() : name.schema().toUpperCase(Locale.ROOT);
        String table = name.quoted() ? name.name() : name.name().toUpperCase(Locale.ROOT);
        String trigger = "exists (select 1 from INFORMATION_SCHEMA.TRIGGERS t where t.EVENT_OBJECT_SCHEMA = "
                + "v.TABLE_SCHEMA and t.EVENT_OBJECT_TABLE = v.TABLE_NAME and t.ACTION_TIMING = 'INSTEAD OF' and "
                + "t.EVENT_MANIPULATION = ";
        try (PreparedStatement ps = connection.prepareStatement("select v.TABLE_SCHEMA, v.TABLE_NAME, " + trigger
                + "'DELETE'), " + trigger + "'UPDATE') from INFORMATION_SCHEMA.VIEWS v where v.TABLE_SCHEMA = ? and "
                + "v.TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rows = ps.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                TableId id = new TableId(rows.getString(1), rows.getString(2));
                return Optional.of(ViewInfo.notThrough(id, triggerOrRefusal("DELETE", rows.getBoolean(3), "H2"),
                        triggerOrRefusal("UPDATE", rows.getBoolean(4), "H2")));
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
        String trigger = "exists (select 1 from " + master + " t where t.type = 'trigger' and lower(t.tbl_name) = "
                + "lower(v.name) and upper(t.sql) like ";
        try (PreparedStatement ps = connection.prepareStatement("select v.name, " + trigger + "'%INSTEAD OF%DELETE%'),"
                + " " + trigger + "'%INSTEAD OF%UPDATE%') from " + master + " v where v.type = 'view' and "
                + "lower(v.name) = lower(?)")) {
            ps.setString(1, name.name());
            try (ResultSet rows = ps.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                TableId id = new TableId(schema.toLowerCase(Locale.ROOT), rows.getString(1));
                return Optional.of(ViewInfo.notThrough(id, triggerOrRefusal("DELETE", rows.getBoolean(2), "SQLite"),
                        triggerOrRefusal("UPDATE", rows.getBoolean(3), "SQLite")));
            }
        }
    }

    /** H2 and SQLite act through a view only by its INSTEAD OF trigger: the trigger's code, or a refusal. */
    private static String triggerOrRefusal(String verb, boolean insteadOfTrigger, String database) {
        return insteadOfTrigger
                ? "it has an INSTEAD OF " + verb + " trigger: the trigger's code decides what is "
                        + (verb.equals("DELETE") ? "deleted" : "changed")
                : database + " " + verb.toLowerCase(Locale.ROOT) + "s through a view only by an INSTEAD OF trigger;"
                        + " without one it refuses" + (database.equals("SQLite") ? " (SQLite views are read-only)" : "");
    }
}
