package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.Precheck.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PrecheckTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("SELECT * FROM users WHERE id = ?", Result.PLAIN),
                arguments("INSERT INTO t (a) VALUES (1)", Result.PLAIN),
                arguments("UPDATE t SET deleted_at = now() WHERE is_deleted = false", Result.PLAIN),
                arguments("SELECT on_delete, drop_count, _delete FROM t", Result.PLAIN),
                arguments("", Result.PLAIN),
                arguments("CREATE TABLE t (id int)", Result.DDL),
                arguments("  /* c */ (alter TABLE t ADD c int)", Result.DDL),
                arguments("rename table a to b", Result.DDL),
                arguments("COMMENT ON TABLE t IS 'x'", Result.DDL),
                arguments("SELECT 1; CREATE INDEX i ON t(a)", Result.DDL),
                arguments("SELECT 'x;CREATE'", Result.PLAIN),
                arguments("SELECT 1 -- ;\nFROM t", Result.PLAIN),
                arguments("SELECT create_date FROM t", Result.PLAIN),
                arguments("DELETE FROM t", Result.CHECK),
                arguments("dElEtE from t", Result.CHECK),
                arguments("/* x */DELETE FROM t", Result.CHECK),
                arguments("-- x\nDELETE FROM t", Result.CHECK),
                arguments("/* outer /* nested */ still comment */ DELETE FROM t", Result.CHECK),
                arguments("\tDELETE\nFROM t", Result.CHECK),
                arguments("\u00a0DELETE\u00a0FROM t", Result.CHECK),
                arguments("DELETE\"t\"", Result.CHECK),
                arguments("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", Result.CHECK),
                arguments("((DELETE FROM t))", Result.CHECK),
                arguments("/*!DELETE FROM t*/", Result.CHECK),
                arguments("/*!50000DELETE FROM t*/", Result.CHECK),
                arguments("EXPLAIN ANALYZE DELETE FROM t", Result.CHECK),
                arguments("SELECT 1; DELETE FROM t", Result.CHECK),
                arguments("SELECT ';'; DELETE FROM t", Result.CHECK),
                arguments("SELECT 'it''s;'; delete from t", Result.CHECK),
                arguments("TRUNCATE t", Result.CHECK),
                arguments("truncate table a, b cascade", Result.CHECK),
                arguments("DROP TABLE x", Result.CHECK),
                arguments("REPLACE INTO t VALUES (1)", Result.CHECK),
                arguments("SET guard.allow_rows = 10", Result.CHECK),
                arguments("reset GUARD.allow_rows", Result.CHECK),
                arguments("CREATE TABLE c (p int REFERENCES p ON DELETE CASCADE)", Result.CHECK),
                arguments("DO $$BEGIN DELETE FROM t; END$$", Result.CHECK),
                arguments("DO $x$ BEGIN delete from t; END $x$", Result.CHECK),
                arguments("SELECT 'delete'", Result.CHECK),
                arguments("SELECT x$delete FROM t", Result.CHECK));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void classifies(String sql, Result expected) {
        assertThat(Precheck.classify(sql)).isEqualTo(expected);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            CALL purge()                      | true
            call archive_orders(42)           | true
            /* reset */ EXECUTE cleanup_plan  | true
            DO $$ BEGIN PERFORM 1; END $$     | true
            RUNSCRIPT FROM 'cleanup.sql'      | true
            CALL SCHEMA()                     | false
            call database()                   | false
            CALL SCHEMA(); CALL purge()       | true
            SELECT purge()                    | false
            DOUBLE_IT                         | false
            """)
    void codeTheGuardCannotSeeIntoIsRecognisedByItsFirstWord(String sql, boolean hidden) {
        assertThat(Precheck.runsHiddenCode(sql)).as(sql).isEqualTo(hidden);
    }
}
