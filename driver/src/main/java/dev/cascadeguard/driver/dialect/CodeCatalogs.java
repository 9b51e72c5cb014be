package dev.cascadeguard.driver.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Each database's catalog answer to "which stored code destroys rows?" ({@link Dialect#destructiveCode}): its
 * routines with their bodies, and the triggers and rules that run code when a table's rows change. Kept here so that
 * the dialect classes stay about foreign keys; docs/database-semantics.md §"Code the guard cannot count" says why
 * each database is read as it is.
 */
final class CodeCatalogs {

    private static final String UNREADABLE_JAVA = "it is Java code, which the guard cannot read";

    private CodeCatalogs() {
    }

    /**
     * PostgreSQL: every routine outside the system schemas and extensions, its source ({@code prosrc}, or the whole
     * definition for a {@code BEGIN ATOMIC} body, whose prosrc is empty); C and internal functions cannot be read.
     * Aggregates are left out: their code is their support functions, each a routine of its own.
     * Enabled triggers that are not the foreign keys' own, with the function each runs; and every rule but a view's
     * {@code _RETURN}.
     */
    static DestructiveCode postgres(Connection connection) throws SQLException {
        DestructiveCode.Builder code = new DestructiveCode.Builder();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rows = s.executeQuery("""
                    select p.proname, l.lanname,
                           case when p.prosrc = '' and p.prokind in ('f', 'p') then pg_get_functiondef(p.oid)
                                else p.prosrc end
                      from pg_proc p
                      join pg_namespace n on n.oid = p.pronamespace
                      join pg_language l on l.oid = p.prolang
                     where n.nspname not in ('pg_catalog', 'information_schema') and p.prokind <> 'a'
                       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                                          and d.objid = p.oid and d.deptype = 'e')""")) {
                while (rows.next()) {
                    String language = rows.getString(2);
                    if (language.equals("c") || language.equals("internal")) {
                        code.unreadableRoutine(rows.getString(1), "it is compiled " + language + " code, which the "
                                + "guard cannot read");
                    } else {
                        code.routine(rows.getString(1), rows.getString(3));
                    }
                }
            }
            try (ResultSet rows = s.executeQuery("""
                    select c.relname, t.tgname, p.proname, t.tgtype
                      from pg_trigger t
                      join pg_class c on c.oid = t.tgrelid
                      join pg_proc p on p.oid = t.tgfoid
                     where not t.tgisinternal and t.tgenabled <> 'D'""")) {
                while (rows.next()) {
                    code.triggerRunning(rows.getString(1), pgEvents(rows.getInt(4)), rows.getString(2),
                            rows.getString(3));
                }
            }
            try (ResultSet rows = s.executeQuery("""
                    select viewname, definition from pg_views
                     where schemaname not in ('pg_catalog', 'information_schema')
                    union all
                    select matviewname, definition from pg_matviews""")) {
                while (rows.next()) {
                    code.view(rows.getString(1), rows.getString(2));
                }
            }
            try (ResultSet rows = s.executeQuery("""
                    select tablename, rulename, definition from pg_rules
                     where schemaname not in ('pg_catalog', 'information_schema')""")) {
                while (rows.next()) {
                    code.fires(rows.getString(1), "rule", ruleEvents(rows.getString(3)), rows.getString(2),
                            withoutEvent(rows.getString(3)), null);
                }
            }
        }
        return code.build();
    }

    /**
     * MariaDB / MySQL: the routines and triggers of every schema but the system ones. A routine's definition is
     * NULL to a user who may not see it: such a routine counts as unreadable.
     */
    static DestructiveCode mariaDb(Connection connection) throws SQLException {
        DestructiveCode.Builder code = new DestructiveCode.Builder();
        String system = "('mysql', 'sys', 'information_schema', 'performance_schema')";
        try (Statement s = connection.createStatement()) {
            try (ResultSet rows = s.executeQuery("select ROUTINE_NAME, ROUTINE_DEFINITION from "
                    + "information_schema.ROUTINES where ROUTINE_SCHEMA not in " + system)) {
                while (rows.next()) {
                    code.routine(rows.getString(1), rows.getString(2));
                }
            }
            try (ResultSet rows = s.executeQuery("select TABLE_NAME, VIEW_DEFINITION from information_schema.VIEWS "
                    + "where TABLE_SCHEMA not in " + system)) {
                while (rows.next()) {
                    code.view(rows.getString(1), rows.getString(2));
                }
            }
            try (ResultSet rows = s.executeQuery("select EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_STATEMENT, "
                    + "EVENT_MANIPULATION from information_schema.TRIGGERS where TRIGGER_SCHEMA not in " + system)) {
                while (rows.next()) {
                    code.fires(rows.getString(1), "trigger", events(rows.getString(4)), rows.getString(2),
                            rows.getString(3), "its body cannot be read from the catalog");
                }
            }
        }
        return code.build();
    }

    /**
     * H2: every user-defined function and procedure is Java (a class's method or compiled source), and so is every
     * trigger; the guard reads none of them, so each counts as code that may destroy rows.
     */
    static DestructiveCode h2(Connection connection) throws SQLException {
        DestructiveCode.Builder code = new DestructiveCode.Builder();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rows = s.executeQuery("select ROUTINE_NAME from INFORMATION_SCHEMA.ROUTINES "
                    + "where ROUTINE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
                while (rows.next()) {
                    code.unreadableRoutine(rows.getString(1), UNREADABLE_JAVA);
                }
            }
            try (ResultSet rows = s.executeQuery("select TABLE_NAME, VIEW_DEFINITION from INFORMATION_SCHEMA.VIEWS "
                    + "where TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
                while (rows.next()) {
                    code.view(rows.getString(1), rows.getString(2));
                }
            }
            try (ResultSet rows = s.executeQuery("select EVENT_OBJECT_TABLE, TRIGGER_NAME, EVENT_MANIPULATION from "
                    + "INFORMATION_SCHEMA.TRIGGERS")) {
                while (rows.next()) {
                    code.fires(rows.getString(1), "trigger", events(rows.getString(3)), rows.getString(2), null,
                            UNREADABLE_JAVA);
                }
            }
        }
        return code.build();
    }

    /** SQLite: no stored routines; each trigger's body is in its CREATE TRIGGER text (temporary ones too). */
    static DestructiveCode sqlite(Connection connection) throws SQLException {
        DestructiveCode.Builder code = new DestructiveCode.Builder();
        try (Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery("select tbl_name, name, sql from sqlite_master where type = 'trigger' "
                     + "union all select tbl_name, name, sql from sqlite_temp_master where type = 'trigger'")) {
            while (rows.next()) {
                code.fires(rows.getString(1), "trigger", sqliteEvents(rows.getString(3)), rows.getString(2),
                        bodyOf(rows.getString(3)),
                        "its body cannot be read from the catalog");
            }
        }
        return code.build();
    }

    /** PostgreSQL's {@code pg_trigger.tgtype} bits: 4 INSERT, 8 DELETE, 16 UPDATE (32 TRUNCATE, read as DELETE). */
    private static Set<String> pgEvents(int tgtype) {
        Set<String> events = new HashSet<>();
        if ((tgtype & 4) != 0) {
            events.add("INSERT");
        }
        if ((tgtype & (8 | 32)) != 0) {
            events.add("DELETE");
        }
        if ((tgtype & 16) != 0) {
            events.add("UPDATE");
        }
        return events;
    }

    /** A rule's event, from its definition's {@code ON DELETE TO t}; empty (every write) where it cannot be read. */
    private static Set<String> ruleEvents(String definition) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bON\\s+(SELECT|INSERT|UPDATE|DELETE)"
                + "\\s+TO\\b").matcher(definition == null ? "" : definition);
        return m.find() ? events(m.group(1)) : Set.of();
    }

    /**
     * An SQLite CREATE TRIGGER's event: the INSERT, DELETE or UPDATE [OF columns] right before ON (a trigger named
     * "update" is not its event); empty (every write) where it cannot be read.
     */
    private static Set<String> sqliteEvents(String createTrigger) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?is)\\b(INSERT|DELETE|UPDATE)\\b"
                + "(?:\\s+OF\\s+[^;]*?)?\\s+ON\\s").matcher(createTrigger == null ? "" : createTrigger);
        return m.find() ? events(m.group(1)) : Set.of();
    }

    /** A catalog's event name (INSERT, UPDATE, DELETE; anything else: every write). */
    private static Set<String> events(String event) {
        String e = event == null ? "" : event.trim().toUpperCase(Locale.ROOT);
        return Set.of("INSERT", "UPDATE", "DELETE").contains(e) ? Set.of(e) : Set.of();
    }

    /** A rule's definition without its event ({@code ON DELETE TO t}), which names DELETE without doing it. */
    private static String withoutEvent(String definition) {
        return definition.replaceFirst("(?i)\\bON\\s+(SELECT|INSERT|UPDATE|DELETE)\\s+TO\\b", "ON TO");
    }

    /** A CREATE TRIGGER's body: what follows its first BEGIN (its WHEN clause and header name no other code). */
    private static String bodyOf(String createTrigger) {
        if (createTrigger == null) {
            return null;
        }
        java.util.regex.Matcher begin = java.util.regex.Pattern.compile("(?i)\\bBEGIN\\b").matcher(createTrigger);
        return begin.find() ? createTrigger.substring(begin.end()) : createTrigger;
    }
}
