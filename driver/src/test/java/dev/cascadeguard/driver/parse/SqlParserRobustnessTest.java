package dev.cascadeguard.driver.parse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Odd input must never throw, and whatever names DELETE/TRUNCATE/DROP first must come back destructive. */
class SqlParserRobustnessTest {

    private final SqlParser parser = new SqlParser();

    @ParameterizedTest
    @ValueSource(strings = {"DROP TYPE mood CASCADE", "DROP TEMPORARY TABLE t", "DROP FUNCTION f(int)",
            "DROP MATERIALIZED VIEW mv", "DROP TRIGGER trg ON t", "DROP OWNED BY bob", "DROP INDEX i ON t",
            "DROP DATABASE IF EXISTS d", "TRUNCATE", "DELETE", "DELETE FROM", "DELETE FROM t WHERE",
            "TRUNCATE TABLE t *", "DELETE FROM t WHERE CURRENT OF c", "DELETE TOP (10) FROM t",
            "delete from t where a in (with x as (select 1) select * from x)", "DROP", "REPLACE t"})
    void destructiveLookingInputIsDestructive(String sql) {
        ParsedSql parsed = parser.parse(sql);
        assertThat(parsed.statements()).isNotEmpty();
        assertThat(parsed.destructive()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.sql()).isEqualTo(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ";;;", "-- only a comment", "/* x */", "SELECT", "(((", ")))", "'", "\"",
            "$$", "?", "SELECT ?; SELECT ?", "/*! 40101 SET NAMES utf8 */", "SET search_path = x"})
    void oddInputNeverThrowsAndIsNotDestructive(String sql) {
        assertThat(parser.parse(sql).destructive()).isEmpty();
    }
}
