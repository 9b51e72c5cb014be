package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.driver.testdb.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Issue #20's attempts to destroy rows through code the guard does not read as a DELETE: routines, triggers, rules,
 * script files, SQL built at run time. Each database's attempts share one table {@code items} (the rows that must
 * stay) and are defined through the guard with default settings, as a migration would define them.
 */
public final class BypassCorpus {

    /**
     * One attempt.
     *
     * @param name        what it tries, for the failure message
     * @param definitions what a migration runs first (through the guard, default settings: they must run)
     * @param fire        the statement that runs the code; the guard must stop it
     * @param mentions    what the guard's message must name (the routine, trigger or statement), lower case
     * @param destroys      true when {@code fire} on a plain connection destroys rows (the control run proves the
     *                      attempt real); false for what cannot be shown here (a PREPARE alone, a file that is not
     *                      there, a guard setting)
     */
    record Attempt(String name, List<String> definitions, String fire, String mentions, boolean destroys) {
        Attempt(String name, List<String> definitions, String fire, String mentions) {
            this(name, definitions, fire, mentions, true);
        }
    }

    /** A Java trigger for H2 that empties {@code items}: H2 triggers are Java classes the guard cannot read. */
    public static final class H2WipeTrigger implements org.h2.api.Trigger {
        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            try (var s = conn.createStatement()) {
                s.executeUpdate("DELETE FROM items");
            }
        }
    }

    /** A Java function for H2 ({@code CREATE ALIAS … FOR}) that empties {@code items}. */
    public static int wipeItems(Connection conn) throws SQLException {
        try (var s = conn.createStatement()) {
            return s.executeUpdate("DELETE FROM items");
        }
    }

    private BypassCorpus() {
    }

    static List<Attempt> attempts(TestDatabase database, Path scratch) {
        List<Attempt> attempts = new java.util.ArrayList<>(switch (database) {
            case POSTGRES -> postgres();
            case MARIADB -> mariadb();
            case H2 -> h2(scratch);
            case SQLITE -> sqlite();
            default -> List.of();
        });
        attempts.addAll(guardSettings());
        return attempts;
    }

    /** The guard's own settings by SQL, in every spelling: refused (42000), never sent to the database. */
    private static List<Attempt> guardSettings() {
        return java.util.stream.Stream.of("SET guard.mode = off", "SET guard.mode TO 'off'", "set GUARD.MODE=off",
                        "SET SESSION guard.mode=off", "SET LOCAL guard.mode = off", "SET \"guard.mode\" = off",
                        "SET @@session.guard.mode = 0", "SET guard.confirmAbove = 1000000",
                        "SET guard.table.items.blockAbove = 1000", "RESET guard.mode", "SET guard.allow_rows = 1; SET guard.mode = off")
                .map(sql -> new Attempt(sql, List.of(), sql, "guard", false))
                .toList();
    }

    private static List<Attempt> postgres() {
        return List.of(
                new Attempt("SQL function with a DELETE body, SELECT f()", List.of(
                        "CREATE FUNCTION wipe_sql() RETURNS void LANGUAGE sql AS $$ DELETE FROM items $$"),
                        "SELECT wipe_sql()", "wipe_sql"),
                new Attempt("PL/pgSQL function called in FROM", List.of(
                        "CREATE FUNCTION wipe_pl() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN "
                                + "DELETE FROM items; RETURN; END $$"),
                        "SELECT * FROM wipe_pl()", "wipe_pl"),
                new Attempt("function called inside a DELETE's condition (its count would run it)", List.of(
                        "CREATE FUNCTION wipe_cond() RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN "
                                + "DELETE FROM items; RETURN false; END $$"),
                        "DELETE FROM item_notes WHERE wipe_cond()", "wipe_cond"),
                new Attempt("trigger reached through a cascade", List.of(
                        "CREATE TABLE parent_c (id int PRIMARY KEY)", "INSERT INTO parent_c VALUES (1)",
                        "CREATE TABLE child_c (id int, parent_id int REFERENCES parent_c ON DELETE CASCADE)",
                        "INSERT INTO child_c VALUES (1, 1)",
                        "CREATE FUNCTION wipe_child_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                + "DELETE FROM items; RETURN OLD; END $$",
                        "CREATE TRIGGER wipe_child BEFORE DELETE ON child_c FOR EACH ROW EXECUTE FUNCTION wipe_child_fn()"),
                        "DELETE FROM parent_c WHERE id = 1", "wipe_child"),
                new Attempt("view whose query calls a destroying function, read", List.of(
                        "CREATE FUNCTION wipe_for_view() RETURNS int LANGUAGE sql AS $$ DELETE FROM items RETURNING 1 $$",
                        "CREATE VIEW v_wipe AS SELECT wipe_for_view() AS n",
                        "CREATE VIEW v_over AS SELECT n FROM v_wipe"),
                        "SELECT * FROM v_over", "v_over"),
                new Attempt("procedure, CALL", List.of(
                        "CREATE PROCEDURE wipe_proc() LANGUAGE sql AS $$ DELETE FROM items $$"),
                        "CALL wipe_proc()", "wipe_proc"),
                new Attempt("function that calls a destroying function", List.of(
                        "CREATE FUNCTION wipe_inner() RETURNS int LANGUAGE sql AS $$ DELETE FROM items RETURNING 1 $$",
                        "CREATE FUNCTION harmless_looking() RETURNS int LANGUAGE sql AS $$ SELECT wipe_inner() $$"),
                        "SELECT harmless_looking()", "harmless_looking"),
                new Attempt("function running SQL built at run time", List.of(
                        "CREATE FUNCTION dyn() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
                                + "EXECUTE 'DEL' || 'ETE FROM items'; END $$"),
                        "SELECT dyn()", "dyn"),
                new Attempt("rule DO ALSO DELETE, fired by INSERT", List.of(
                        "CREATE TABLE log_rule (id int)",
                        "CREATE RULE wipe_rule AS ON INSERT TO log_rule DO ALSO DELETE FROM items"),
                        "INSERT INTO log_rule VALUES (1)", "wipe_rule"),
                new Attempt("trigger whose function deletes, fired by INSERT", List.of(
                        "CREATE TABLE log_trg (id int)",
                        "CREATE FUNCTION wipe_trg_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                + "DELETE FROM items; RETURN NEW; END $$",
                        "CREATE TRIGGER wipe_trg AFTER INSERT ON log_trg FOR EACH ROW EXECUTE FUNCTION wipe_trg_fn()"),
                        "INSERT INTO log_trg VALUES (1)", "wipe_trg"),
                new Attempt("trigger fired by UPDATE", List.of(
                        "CREATE TABLE log_upd (id int)", "INSERT INTO log_upd VALUES (1)",
                        "CREATE FUNCTION wipe_upd_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                + "DELETE FROM items; RETURN NEW; END $$",
                        "CREATE TRIGGER wipe_upd BEFORE UPDATE ON log_upd FOR EACH ROW EXECUTE FUNCTION wipe_upd_fn()"),
                        "UPDATE log_upd SET id = 2", "wipe_upd"),
                new Attempt("DO block with SQL built at run time", List.of(),
                        "DO $$ BEGIN EXECUTE 'DEL' || 'ETE FROM items'; END $$", "do"),
                new Attempt("SET SESSION guard.mode (the guard's settings are not the database's)", List.of(),
                        "SET SESSION guard.mode = off", "guard.mode", false),
                new Attempt("SET \"guard.mode\" quoted", List.of(), "SET \"guard.mode\" = off", "guard.mode", false),
                new Attempt("set_config('guard.mode')", List.of(),
                        "SELECT set_config('guard.mode', 'off', false)", "guard.mode", false),
                new Attempt("ALTER ROLE … SET guard.mode", List.of(),
                        "ALTER ROLE CURRENT_USER IN DATABASE no_such_database SET guard.mode = off", "guard.mode", false));
    }

    private static List<Attempt> mariadb() {
        return List.of(
                new Attempt("procedure, CALL p()", List.of(
                        "CREATE PROCEDURE wipe_proc() BEGIN DELETE FROM items; END"),
                        "CALL wipe_proc()", "wipe_proc"),
                new Attempt("procedure, CALL p without parentheses", List.of(
                        "CREATE PROCEDURE wipe_bare() DELETE FROM items"),
                        "CALL wipe_bare", "wipe_bare"),
                new Attempt("function with a DELETE body, SELECT f()", List.of(
                        "CREATE FUNCTION wipe_fn() RETURNS int BEGIN DELETE FROM items; RETURN 1; END"),
                        "SELECT wipe_fn()", "wipe_fn"),
                new Attempt("view whose query calls a destroying function, read", List.of(
                        "CREATE FUNCTION wipe_for_view() RETURNS int BEGIN DELETE FROM items; RETURN 1; END",
                        "CREATE VIEW v_wipe AS SELECT wipe_for_view() AS n"),
                        "SELECT * FROM v_wipe", "v_wipe"),
                new Attempt("trigger AFTER INSERT deleting", List.of(
                        "CREATE TABLE log_trg (id int)",
                        "CREATE TRIGGER wipe_trg AFTER INSERT ON log_trg FOR EACH ROW DELETE FROM items"),
                        "INSERT INTO log_trg VALUES (1)", "wipe_trg"),
                new Attempt("EXECUTE IMMEDIATE of SQL built at run time", List.of(),
                        "EXECUTE IMMEDIATE CONCAT('DEL', 'ETE FROM items')", "execute immediate"),
                new Attempt("PREPARE FROM an expression", List.of(),
                        "PREPARE s FROM CONCAT('DEL', 'ETE FROM items')", "prepare", false),
                new Attempt("anonymous block running SQL built at run time", List.of(),
                        "BEGIN NOT ATOMIC EXECUTE IMMEDIATE CONCAT('DEL', 'ETE FROM items'); END", "execute immediate"),
                new Attempt("LOAD DATA … REPLACE", List.of(),
                        "LOAD DATA LOCAL INFILE '/nonexistent/items.csv' REPLACE INTO TABLE items", "replace", false),
                new Attempt("SET SESSION guard.mode", List.of(), "SET SESSION guard.mode = off", "guard.mode", false));
    }

    private static List<Attempt> h2(Path scratch) {
        Path script = scratch.resolve("cleanup.sql");
        try {
            Files.writeString(script, "DELETE FROM items;\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String h2 = BypassCorpus.class.getName();
        return List.of(
                new Attempt("RUNSCRIPT of a file that deletes", List.of(),
                        "RUNSCRIPT FROM '" + script.toAbsolutePath().toString().replace("'", "''") + "'", "runscript"),
                new Attempt("Java alias FOR a static method, CALL", List.of(
                        "CREATE ALIAS wipe_java FOR '" + h2 + ".wipeItems'"),
                        "CALL wipe_java()", "wipe_java"),
                new Attempt("Java alias, SELECT f()", List.of(
                        "CREATE ALIAS wipe_select FOR '" + h2 + ".wipeItems'"),
                        "SELECT wipe_select()", "wipe_select"),
                new Attempt("view whose query calls a Java alias, read", List.of(
                        "CREATE ALIAS wipe_for_view FOR '" + h2 + ".wipeItems'",
                        "CREATE VIEW v_wipe AS SELECT wipe_for_view() AS n"),
                        "SELECT * FROM v_wipe", "v_wipe"),
                new Attempt("Java source alias", List.of(
                        "CREATE ALIAS wipe_src AS 'int wipe(java.sql.Connection c) throws java.sql.SQLException { "
                                + "return c.createStatement().executeUpdate(\"DEL\" + \"ETE FROM items\"); }'"),
                        "SELECT wipe_src()", "wipe_src"),
                new Attempt("Java trigger fired by INSERT", List.of(
                        "CREATE TABLE log_trg (id int)",
                        "CREATE TRIGGER wipe_trg AFTER INSERT ON log_trg FOR EACH ROW CALL '"
                                + H2WipeTrigger.class.getName() + "'"),
                        "INSERT INTO log_trg VALUES (1)", "wipe_trg"),
                new Attempt("SET guard.mode spelled in capitals", List.of(), "set GUARD.MODE=off", "guard.", false));
    }

    private static List<Attempt> sqlite() {
        return List.of(
                new Attempt("trigger AFTER INSERT deleting", List.of(
                        "CREATE TABLE log_trg (id int)",
                        "CREATE TRIGGER wipe_trg AFTER INSERT ON log_trg BEGIN DELETE FROM items; END"),
                        "INSERT INTO log_trg VALUES (1)", "wipe_trg"),
                new Attempt("trigger fired by UPDATE", List.of(
                        "CREATE TABLE log_upd (id int)", "INSERT INTO log_upd VALUES (1)",
                        "CREATE TRIGGER wipe_upd AFTER UPDATE ON log_upd BEGIN DELETE FROM items; END"),
                        "UPDATE log_upd SET id = 2", "wipe_upd"),
                new Attempt("INSTEAD OF trigger on a view", List.of(
                        "CREATE VIEW v_items AS SELECT id FROM items",
                        "CREATE TRIGGER wipe_view INSTEAD OF INSERT ON v_items BEGIN DELETE FROM items; END"),
                        "INSERT INTO v_items VALUES (99)", "wipe_view"),
                new Attempt("trigger whose body REPLACEs", List.of(
                        "CREATE TABLE log_rep (id int)",
                        "CREATE TRIGGER wipe_rep AFTER INSERT ON log_rep BEGIN "
                                + "INSERT OR REPLACE INTO items (id) SELECT id FROM items; END"),
                        "INSERT INTO log_rep VALUES (1)", "wipe_rep"));
    }
}
