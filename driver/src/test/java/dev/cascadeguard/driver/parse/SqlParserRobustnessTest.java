package dev.cascadeguard.driver.parse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicReference;

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

    /** Found by GuardFuzzProperties: JSqlParser reads an OR chain in a loop but renders it back recursively. */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id = 1", "UPDATE t SET id = id + 1 WHERE id = 1"})
    void longOrChainFailsClosedInsteadOfOverflowingTheStack(String start) throws InterruptedException {
        String sql = start + " OR id = 2".repeat(20_000);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread smallStack = new Thread(null, () -> {
            try {
                outcome.set(parser.parse(sql));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack", 512 * 1024);
        smallStack.start();
        smallStack.join();

        assertThat(outcome.get()).isInstanceOf(ParsedSql.class);
        ParsedSql parsed = (ParsedSql) outcome.get();
        if (start.startsWith("DELETE")) {
            assertThat(parsed.statements()).singleElement().isInstanceOfSatisfying(ParsedStatement.Unparseable.class,
                    u -> assertThat(u.problem()).isEqualTo("the statement is nested too deeply to parse"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ";;;", "-- only a comment", "/* x */", "SELECT", "(((", ")))", "'", "\"",
            "$$", "?", "SELECT ?; SELECT ?", "/*! 40101 SET NAMES utf8 */", "SET search_path = x"})
    void oddInputNeverThrowsAndIsNotDestructive(String sql) {
        assertThat(parser.parse(sql).destructive()).isEmpty();
    }
}
