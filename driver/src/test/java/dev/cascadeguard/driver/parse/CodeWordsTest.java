package dev.cascadeguard.driver.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How stored code and the statements that run it are read by their words (issue #20). */
class CodeWordsTest {

    @Test
    void aBodyDestroysRowsWhenItSaysSoOrRunsBuiltSql() {
        assertThat(CodeWords.destroys("BEGIN DELETE FROM items; END")).contains("DELETE");
        assertThat(CodeWords.destroys("truncate items")).contains("TRUNCATE");
        assertThat(CodeWords.destroys("INSERT OR REPLACE INTO items SELECT * FROM t")).contains("REPLACE");
        assertThat(CodeWords.destroys("REPLACE INTO items VALUES (1)")).contains("REPLACE");
        assertThat(CodeWords.destroys("BEGIN EXECUTE 'DEL' || 'ETE FROM items'; END")).contains("built at run time");
        assertThat(CodeWords.destroys("PREPARE s FROM @q")).contains("built at run time");
        assertThat(CodeWords.destroys("x$delete()")).as("a run of letters, as the pre-check reads").isNotNull();

        assertThat(CodeWords.destroys("BEGIN INSERT INTO audit VALUES (NEW.id); RETURN NEW; END")).isNull();
        assertThat(CodeWords.destroys("SELECT replace(name, 'a', 'b') FROM t")).isNull();
        assertThat(CodeWords.destroys("CREATE OR REPLACE VIEW v AS SELECT 1")).isNull();
        assertThat(CodeWords.destroys("CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()")).isNull();
        assertThat(CodeWords.destroys("UPDATE t SET deleted_at = now()")).isNull();
    }

    @Test
    void aCallIsANameBeforeAParenthesisOrAfterCall() {
        Set<String> routines = Set.of("WIPE", "PURGE");
        assertThat(CodeWords.calls("SELECT wipe()", routines)).containsExactly("WIPE");
        assertThat(CodeWords.calls("SELECT * FROM \"public\".\"wipe\" ( )", routines)).containsExactly("WIPE");
        assertThat(CodeWords.calls("CALL purge", routines)).containsExactly("PURGE");
        assertThat(CodeWords.calls("call app.purge", routines)).containsExactly("PURGE");
        assertThat(CodeWords.calls("DELETE FROM t WHERE wipe(id) AND purge()", routines)).containsExactly("WIPE", "PURGE");
        assertThat(CodeWords.calls("SELECT wipe FROM t", routines)).as("a column of the same name").isEmpty();
        assertThat(CodeWords.calls("SELECT wiper()", routines)).isEmpty();
    }

    @Test
    void writesNameTheTablesOnlyWhenTheStatementWrites() {
        var tables = java.util.Map.of("LOG", "x");
        assertThat(CodeWords.writtenAmong("INSERT INTO log VALUES (1)", tables)).containsExactly("LOG");
        assertThat(CodeWords.writtenAmong("update LOG set a = 1", tables)).containsExactly("LOG");
        assertThat(CodeWords.writtenAmong("SELECT * FROM log", tables)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE FUNCTION f() RETURNS void AS $$ DELETE FROM t $$ LANGUAGE sql",
            "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql AS $$ DELETE FROM t $$",
            "CREATE DEFINER=`root`@`localhost` PROCEDURE p() DELETE FROM t",
            "CREATE TRIGGER t AFTER INSERT ON log FOR EACH ROW DELETE FROM items",
            "CREATE CONSTRAINT TRIGGER t AFTER INSERT ON log FOR EACH ROW EXECUTE FUNCTION f()",
            "CREATE RULE r AS ON INSERT TO log DO ALSO DELETE FROM items",
            "DROP TRIGGER t ON log", "CREATE ALIAS f FOR 'a.B.c'", "COMMENT ON FUNCTION f() IS 'deletes'"})
    void definitionsAreNotRuns(String sql) {
        assertThat(CodeWords.definesCode(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE t AS SELECT wipe()", "CREATE MATERIALIZED VIEW v AS SELECT wipe()",
            "ALTER TABLE t ADD COLUMN c int DEFAULT wipe()", "SELECT f()", "INSERT INTO log VALUES (1)"})
    void statementsThatRunCodeAreNotDefinitions(String sql) {
        assertThat(CodeWords.definesCode(sql)).isFalse();
    }

    @Test
    void whatNoCatalogShowsIsUnseen() {
        assertThat(CodeWords.runsUnseen("RUNSCRIPT FROM 'cleanup.sql'")).contains("RUNSCRIPT");
        assertThat(CodeWords.runsUnseen("EXECUTE IMMEDIATE CONCAT('DEL', 'ETE FROM t')")).contains("EXECUTE IMMEDIATE");
        assertThat(CodeWords.runsUnseen("PREPARE s FROM @q")).contains("PREPARE");
        assertThat(CodeWords.runsUnseen("LOAD DATA INFILE 'x' REPLACE INTO TABLE t")).contains("REPLACE");
        assertThat(CodeWords.runsUnseen("DO $$ BEGIN EXECUTE 'DEL' || 'ETE FROM t'; END $$")).contains("DO block");

        assertThat(CodeWords.runsUnseen("PREPARE s FROM 'SELECT 1'")).isNull();
        assertThat(CodeWords.runsUnseen("LOAD DATA INFILE 'x' INTO TABLE t")).isNull();
        assertThat(CodeWords.runsUnseen("DO $$ BEGIN CREATE TABLE IF NOT EXISTS t (id int); END $$")).isNull();
        assertThat(CodeWords.runsUnseen("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING")).isNull();
        assertThat(CodeWords.mayRunUnseen("SELECT * FROM orders WHERE id = 1")).isFalse();
        assertThat(CodeWords.mayRunUnseen("select 1; runscript from 'x'")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET SESSION guard.mode = off", "SET LOCAL guard.mode TO 'off'", "SET \"guard.mode\" = off",
            "SET @@session.guard.mode = 0", "ALTER ROLE r SET guard.mode = off",
            "SELECT set_config('guard.mode', 'off', false)", "set GUARD.MODE=off", "RESET guard.mode"})
    void guardSettingsInAnySpellingAreRefused(String sql) {
        ParsedStatement statement = new SqlParser().parse(sql).statements().get(0);
        assertThat(statement).isInstanceOfSatisfying(ParsedStatement.SessionCommand.class,
                command -> assertThat(command.isValid()).isFalse());
    }
}
