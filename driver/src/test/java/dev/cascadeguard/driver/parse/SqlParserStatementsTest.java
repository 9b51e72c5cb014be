package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.ParsedStatement.Delete;
import dev.cascadeguard.driver.parse.ParsedStatement.Drop;
import dev.cascadeguard.driver.parse.ParsedStatement.Other;
import dev.cascadeguard.driver.parse.ParsedStatement.Replace;
import dev.cascadeguard.driver.parse.ParsedStatement.SessionCommand;
import dev.cascadeguard.driver.parse.ParsedStatement.Truncate;
import dev.cascadeguard.driver.parse.ParsedStatement.Unparseable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class SqlParserStatementsTest {

    private final SqlParser parser = new SqlParser();

    private ParsedStatement only(String sql) {
        List<ParsedStatement> statements = parser.parse(sql).statements();
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    @Test
    void truncateManyTablesRestartIdentityCascade() {
        ParsedStatement statement = only("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE");
        assertThat(statement).isEqualTo(new Truncate("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE",
                List.of(new TableName(null, "a", false), new TableName(null, "b", false)), true));
    }

    @Test
    void truncateVariants() {
        assertThat(only("truncate t")).isEqualTo(
                new Truncate("truncate t", List.of(new TableName(null, "t", false)), false));
        assertThat(only("TRUNCATE TABLE ONLY s.a, b CONTINUE IDENTITY RESTRICT")).isEqualTo(
                new Truncate("TRUNCATE TABLE ONLY s.a, b CONTINUE IDENTITY RESTRICT",
                        List.of(new TableName("s", "a", false), new TableName(null, "b", false)), false));
    }

    @Test
    void dropTableIfExistsCascade() {
        assertThat(only("DROP TABLE IF EXISTS x CASCADE")).isEqualTo(new Drop("DROP TABLE IF EXISTS x CASCADE",
                "TABLE", List.of(new TableName(null, "x", false)), true));
        Drop two = (Drop) only("drop table if exists a, \"B\" cascade");
        assertThat(two.names()).containsExactly(new TableName(null, "a", false), new TableName(null, "B", true));
        assertThat(two.cascade()).isTrue();
        assertThat(two.dropsTables()).isTrue();
    }

    @Test
    void dropOtherObjects() {
        assertThat(only("DROP SCHEMA s CASCADE")).isEqualTo(
                new Drop("DROP SCHEMA s CASCADE", "SCHEMA", List.of(new TableName(null, "s", false)), true));
        assertThat(((Drop) only("DROP VIEW v")).objectType()).isEqualTo("VIEW");
        assertThat(((Drop) only("DROP INDEX i")).objectType()).isEqualTo("INDEX");
        assertThat(((Drop) only("DROP SEQUENCE s")).objectType()).isEqualTo("SEQUENCE");
        assertThat(((Drop) only("DROP TABLE t")).cascade()).isFalse();
    }

    @Test
    void dataModifyingCteInsideSelect() {
        ParsedStatement statement = only(
                "WITH d AS (DELETE FROM t WHERE a = ? RETURNING *) SELECT * FROM d WHERE b = ?");
        Delete delete = (Delete) statement;
        assertThat(delete.sql()).isEqualTo("WITH d AS (DELETE FROM t WHERE a = ? RETURNING *) SELECT * FROM d WHERE b = ?");
        assertThat(delete.from()).isEqualTo(SqlFragment.of("t"));
        assertThat(delete.where()).isEqualTo(new SqlFragment("a = ?", List.of(1)));
        assertThat(delete.with()).isEqualTo(SqlFragment.EMPTY);
    }

    @Test
    void dataModifyingCteSeesItsPlainSiblings() {
        Delete delete = (Delete) only("WITH ids AS (SELECT id FROM t WHERE x = ?), "
                + "d AS (DELETE FROM t WHERE id IN (SELECT id FROM ids) RETURNING id) INSERT INTO log SELECT id FROM d");
        assertThat(delete.with()).isEqualTo(new SqlFragment("ids AS (SELECT id FROM t WHERE x = ?)", List.of(1)));
        assertThat(delete.where()).isEqualTo(SqlFragment.of("id IN (SELECT id FROM ids)"));
    }

    @Test
    void deleteWhoseWithDeletesIsBothAnInnerDeleteAndUnparseable() {
        List<ParsedStatement> statements = parser.parse(
                "WITH d AS (DELETE FROM a WHERE x = 1 RETURNING id) DELETE FROM b WHERE a_id IN (SELECT id FROM d)")
                .statements();
        assertThat(statements).hasSize(2);
        assertThat(((Delete) statements.get(0)).from()).isEqualTo(SqlFragment.of("a"));
        assertThat(statements.get(1)).isInstanceOf(Unparseable.class);
    }

    @Test
    void explainAnalyzeDeleteDeletes() {
        Delete delete = (Delete) only("EXPLAIN ANALYZE DELETE FROM t WHERE a = ?");
        assertThat(delete.where()).isEqualTo(new SqlFragment("a = ?", List.of(1)));
        assertThat(only("EXPLAIN (ANALYZE, VERBOSE) DELETE FROM t")).isInstanceOf(Delete.class);
    }

    @Test
    void plainExplainDeleteDoesNot() {
        assertThat(only("EXPLAIN DELETE FROM t WHERE a = 1")).isEqualTo(
                new Other("EXPLAIN DELETE FROM t WHERE a = 1", false));
    }

    @Test
    void multiStatementDeleteThenDrop() {
        ParsedSql parsed = parser.parse("DELETE FROM t WHERE a = ?; DROP TABLE x;");
        assertThat(parsed.statements()).hasSize(2);
        assertThat(parsed.statements().get(0).sql()).isEqualTo("DELETE FROM t WHERE a = ?");
        assertThat(parsed.statements().get(1)).isEqualTo(
                new Drop("DROP TABLE x", "TABLE", List.of(new TableName(null, "x", false)), false));
        assertThat(parsed.destructive()).hasSize(2);
        assertThat(parsed.changesSchema()).isTrue();
    }

    @Test
    void multiStatementDeleteAfterStringWithSemicolon() {
        ParsedSql parsed = parser.parse("SELECT ';' AS x, ? ; DELETE FROM t WHERE a = ? AND b = ';'");
        assertThat(parsed.statements()).hasSize(2);
        assertThat(parsed.statements().get(0)).isEqualTo(new Other("SELECT ';' AS x, ?", false));
        Delete delete = (Delete) parsed.statements().get(1);
        assertThat(delete.sql()).isEqualTo("DELETE FROM t WHERE a = ? AND b = ';'");
        assertThat(delete.where()).isEqualTo(new SqlFragment("a = ? AND b = ';'", List.of(2)));
    }

    @Test
    void dollarQuotedSemicolonDoesNotSplit() {
        ParsedSql parsed = parser.parse("SELECT $tag$ ; DELETE FROM t $tag$ AS body");
        assertThat(parsed.destructive()).isEmpty();
        assertThat(parsed.statements()).hasSize(1);
    }

    @Test
    void commentsOnlyPiecesAreDropped() {
        ParsedSql parsed = parser.parse("DELETE FROM t; -- done\n;  ");
        assertThat(parsed.statements()).hasSize(1);
    }

    @Test
    @Timeout(10)
    void parenthesesBombIsRefusedWithoutStackOverflow() {
        String sql = "DELETE FROM t WHERE a = " + "(".repeat(5_000) + "1" + ")".repeat(5_000);
        Unparseable statement = (Unparseable) only(sql);
        assertThat(statement.problem()).isEqualTo("parentheses nested more than 200 deep");
    }

    @Test
    void garbageAfterDeleteIsUnparseableWithShortProblem() {
        String sql = "DELETE FROM t WHERE garbage garbage " + "x".repeat(500);
        Unparseable statement = (Unparseable) only(sql);
        assertThat(statement.sql()).isEqualTo(sql);
        assertThat(statement.problem()).isNotBlank().hasSizeLessThanOrEqualTo(203).doesNotContain("xxxxxxxxxx")
                .doesNotContain("\n");
    }

    @Test
    void unparseableShapesThatLookDestructive() {
        assertThat(only("DELETE FROM t1, t2 USING t1 JOIN t2 ON t1.a = t2.b")).isInstanceOf(Unparseable.class);
        assertThat(only("DO $$ BEGIN DELETE FROM t; END $$")).isInstanceOf(Unparseable.class);
        assertThat(only("CALL purge('DELETE')")).isInstanceOf(Unparseable.class);
        assertThat(only("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE"))
                .isInstanceOf(Unparseable.class);
        assertThat(only("DELETE FROM t WHERE a = ?1")).isInstanceOf(Unparseable.class);
        assertThat(only("SELECT 1 /*!50000 ; DELETE FROM t */")).isInstanceOf(Unparseable.class);
        assertThat(only("DELETE FROM t WHERE a = 'unterminated")).isInstanceOf(Unparseable.class);
    }

    @Test
    void ambiguousBackslashQuotingIsRefused() {
        // PostgreSQL reads 'a\' then runs the DELETE; MySQL reads one string literal
        ParsedSql parsed = parser.parse("SELECT 'a\\'; DELETE FROM t; -- '");
        assertThat(parsed.statements()).hasSize(1);
        assertThat(parsed.statements().get(0)).isInstanceOf(Unparseable.class);
        assertThat(parser.parse("DELETE FROM t WHERE path = 'c:\\dir'").statements().get(0))
                .isInstanceOf(Delete.class);
    }

    @Test
    void ddlWithOnDeleteCascadeIsOtherDdl() {
        assertThat(only("CREATE TABLE c (id int, p int REFERENCES p (id) ON DELETE CASCADE)"))
                .isEqualTo(new Other("CREATE TABLE c (id int, p int REFERENCES p (id) ON DELETE CASCADE)", true));
        assertThat(only("CREATE RULE r AS ON UPDATE TO t DO INSTEAD DELETE FROM u"))
                .isEqualTo(new Other("CREATE RULE r AS ON UPDATE TO t DO INSTEAD DELETE FROM u", true));
        assertThat(only("ALTER TABLE t ADD COLUMN c int")).isEqualTo(new Other("ALTER TABLE t ADD COLUMN c int", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM t WHERE id = ?", "INSERT INTO t VALUES (1)",
            "SELECT replace(name, 'a', 'b') FROM t", "GRANT DELETE ON t TO bob"})
    void everythingElseIsOther(String sql) {
        assertThat(only(sql)).isEqualTo(new Other(sql, false));
    }

    /** An UPDATE is read with its SET columns and values (whether it changes a key is the graph's to say). */
    @Test
    void anUpdateIsReadWithItsSetColumnsAndValues() {
        ParsedStatement.Update u = (ParsedStatement.Update) only("UPDATE s.t x SET \"Code\" = ?, b = b + 1 WHERE x.id = ?");
        assertThat(u.table().schema()).isEqualTo("s");
        assertThat(u.table().name()).isEqualTo("t");
        assertThat(u.reference()).isEqualTo("x");
        assertThat(u.columns()).containsExactly("Code", "b");
        assertThat(u.values().get(0).parameters()).containsExactly(1);
        assertThat(u.where().text()).isEqualTo("x.id = ?");
        assertThat(u.where().parameters()).containsExactly(2);
        assertThat(u.joined()).isFalse();
        assertThat(((ParsedStatement.Update) only("UPDATE t SET a = 1 FROM u WHERE u.id = t.id")).joined()).isTrue();
        assertThat(((ParsedStatement.Update) only("UPDATE t SET (a, b) = (SELECT 1, 2)")).values())
                .containsExactly(null, null);
    }

    @Test
    void sessionCommands() {
        assertThat(only("SET guard.allow_rows = 500")).isEqualTo(
                new SessionCommand("SET guard.allow_rows = 500", OptionalLong.of(500)));
        assertThat(only("set GUARD.ALLOW_ROWS to 0;")).isEqualTo(
                new SessionCommand("set GUARD.ALLOW_ROWS to 0", OptionalLong.of(0)));
        assertThat(only("SET guard.allow_rows='7'")).isEqualTo(
                new SessionCommand("SET guard.allow_rows='7'", OptionalLong.of(7)));
        assertThat(only("RESET guard.allow_rows")).isEqualTo(
                new SessionCommand("RESET guard.allow_rows", OptionalLong.empty()));
        assertThat(only("SET guard.allow_rows = DEFAULT")).isEqualTo(
                new SessionCommand("SET guard.allow_rows = DEFAULT", OptionalLong.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET guard.allow_rows = -5", "SET guard.allow_rows = abc", "SET guard.allow_rows",
            "SET guard.allow_rows = 10_000", "SET guard.allow_rows = 1.5", "SET guard.other = 1",
            "RESET guard.anything", "SET guard.allow_rows = 99999999999999999999", "SET guard."})
    void badSessionCommandsCarryAProblem(String sql) {
        SessionCommand command = (SessionCommand) only(sql);
        assertThat(command.isValid()).isFalse();
        assertThat(command.problem()).isNotBlank();
        assertThat(command.allowRows()).isEmpty();
    }

    @Test
    void sessionCommandNextToADelete() {
        ParsedSql parsed = parser.parse("SET guard.allow_rows = 3; DELETE FROM t WHERE a = ?");
        assertThat(parsed.statements().get(0)).isEqualTo(
                new SessionCommand("SET guard.allow_rows = 3", OptionalLong.of(3)));
        assertThat(((Delete) parsed.statements().get(1)).where().parameters()).containsExactly(1);
    }

    @Test
    void implicitDeletesFailClosedUntilTheyAreModelled() {
        assertThat(only("ALTER TABLE t TRUNCATE PARTITION p0")).isInstanceOfSatisfying(Unparseable.class,
                u -> assertThat(u.kind()).isEqualTo(dev.cascadeguard.report.StatementKind.TRUNCATE));
        assertThat(only("ALTER TABLE t DROP PARTITION p0")).isInstanceOfSatisfying(Unparseable.class,
                u -> assertThat(u.kind()).isEqualTo(dev.cascadeguard.report.StatementKind.DROP));
        assertThat(only("UPDATE OR REPLACE t SET id = 2")).isInstanceOf(Unparseable.class);
        assertThat(only("INSERT INTO t (note) VALUES ('replace me')")).isInstanceOf(Other.class);
        assertThat(only("ALTER TABLE t ADD PARTITION (PARTITION p2 VALUES LESS THAN (10))")).isInstanceOf(Other.class);
    }

    @Test
    void replaceValuesKeepTheirLiteralsAndPlaceholders() {
        ParsedSql parsed = parser.parse("DELETE FROM x WHERE a = ?; REPLACE INTO db1.`t` (id, `Name`) "
                + "VALUES (?, 'a''b'), (-1.5, NULL), (?, ?)");
        Replace r = (Replace) parsed.statements().get(1);
        assertThat(r.kind()).isEqualTo(dev.cascadeguard.report.StatementKind.REPLACE);
        assertThat(r.table()).isEqualTo(new TableName("db1", "t", true));
        assertThat(r.columns()).containsExactly("id", "Name");
        assertThat(r.select()).isNull();
        assertThat(r.rows()).containsExactly(
                List.of(new SqlFragment("?", List.of(2)), SqlFragment.of("'a''b'")),
                List.of(SqlFragment.of("-1.5"), SqlFragment.of("NULL")),
                List.of(new SqlFragment("?", List.of(3)), new SqlFragment("?", List.of(4))));
        assertThat(only("insert or replace into t values (1, 'x')")).isInstanceOfSatisfying(Replace.class,
                x -> assertThat(x.columns()).isEmpty());
        assertThat(only("REPLACE LOW_PRIORITY t VALUE (1)")).isInstanceOf(Replace.class);
    }

    @Test
    void replaceSelectKeepsTheSelect() {
        Replace r = (Replace) only("REPLACE INTO t (a, b) SELECT a, b FROM s WHERE c = ?");
        assertThat(r.rows()).isEmpty();
        assertThat(r.select()).isEqualTo(new SqlFragment("SELECT a, b FROM s WHERE c = ?", List.of(1)));
        assertThat(((Replace) only("REPLACE INTO t (SELECT 1)")).columns()).isEmpty();
    }

    @Test
    void replaceShapesTheGuardCannotPredictFailClosed() {
        for (String sql : List.of("REPLACE INTO t (id) VALUES (1 + 1)", "REPLACE INTO t (id) VALUES (now())",
                "REPLACE INTO t SET id = 1", "REPLACE INTO t PARTITION (p0) VALUES (1)",
                "INSERT OR REPLACE INTO t (id) VALUES (1) RETURNING id",
                "INSERT OR REPLACE INTO t (id) SELECT 1 FROM s WHERE true ON CONFLICT DO NOTHING")) {
            assertThat(only(sql)).as(sql).isInstanceOfSatisfying(Unparseable.class,
                    u -> assertThat(u.kind()).isEqualTo(dev.cascadeguard.report.StatementKind.REPLACE));
        }
        // upserts that update in place delete nothing: an UPDATE the guard does not count, which the session keeps
        // (to fail closed) only where its SET list may assign a referenced key
        for (String sql : List.of("INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE id = 2",
                "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 2")) {
            assertThat(only(sql)).as(sql).isInstanceOfSatisfying(Unparseable.class,
                    u -> assertThat(u.kind()).isEqualTo(dev.cascadeguard.report.StatementKind.UPDATE));
        }
        assertThat(only("INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO NOTHING")).isInstanceOf(Other.class);
    }
}
