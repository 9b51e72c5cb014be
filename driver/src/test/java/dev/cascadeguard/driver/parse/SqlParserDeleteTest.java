package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.ParsedStatement.Delete;
import dev.cascadeguard.driver.parse.ParsedStatement.DeleteTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlParserDeleteTest {

    private final SqlParser parser = new SqlParser();

    private Delete onlyDelete(String sql) {
        ParsedSql parsed = parser.parse(sql);
        assertThat(parsed.statements()).hasSize(1);
        assertThat(parsed.statements().get(0)).isInstanceOf(Delete.class);
        return (Delete) parsed.statements().get(0);
    }

    private static SqlFragment fragment(String text, Integer... parameters) {
        return new SqlFragment(text, List.of(parameters));
    }

    @Test
    void simpleDeleteWithLiteral() {
        Delete delete = onlyDelete("DELETE FROM organizations WHERE name = 'test-org'");
        assertThat(delete.sql()).isEqualTo("DELETE FROM organizations WHERE name = 'test-org'");
        assertThat(delete.targets()).containsExactly(
                new DeleteTarget(new TableName(null, "organizations", false), "organizations"));
        assertThat(delete.with()).isEqualTo(SqlFragment.EMPTY);
        assertThat(delete.recursiveWith()).isFalse();
        assertThat(delete.from()).isEqualTo(fragment("organizations"));
        assertThat(delete.joined()).isFalse();
        assertThat(delete.where()).isEqualTo(fragment("name = 'test-org'"));
        assertThat(delete.orderAndLimit()).isEqualTo(SqlFragment.EMPTY);
        assertThat(delete.hasWhere()).isTrue();
    }

    @Test
    void deleteWithParameter() {
        Delete delete = onlyDelete("DELETE FROM users WHERE id = ?");
        assertThat(delete.where()).isEqualTo(fragment("id = ?", 1));
        assertThat(delete.from()).isEqualTo(fragment("users"));
    }

    @Test
    void deleteWithSubqueryParameter() {
        Delete delete = onlyDelete("DELETE FROM orders WHERE user_id IN (SELECT id FROM users WHERE org_id = ?)");
        assertThat(delete.where()).isEqualTo(fragment("user_id IN (SELECT id FROM users WHERE org_id = ?)", 1));
    }

    @Test
    void withListParametersAreNumberedAcrossTheWholeString() {
        Delete delete = onlyDelete(
                "WITH x AS (SELECT ? AS v) DELETE FROM t WHERE a = ? AND b IN (SELECT c FROM d WHERE e = ?)");
        assertThat(delete.with()).isEqualTo(fragment("x AS (SELECT ? AS v)", 1));
        assertThat(delete.recursiveWith()).isFalse();
        assertThat(delete.where()).isEqualTo(fragment("a = ? AND b IN (SELECT c FROM d WHERE e = ?)", 2, 3));
    }

    @Test
    void recursiveWith() {
        Delete delete = onlyDelete("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < ?) "
                + "DELETE FROM t WHERE id IN (SELECT n FROM r)");
        assertThat(delete.recursiveWith()).isTrue();
        assertThat(delete.with().text()).startsWith("r").doesNotContainIgnoringCase("RECURSIVE");
        assertThat(delete.with().parameters()).containsExactly(1);
    }

    @Test
    void postgresUsing() {
        Delete delete = onlyDelete("DELETE FROM orders o USING users u WHERE o.user_id = u.id AND u.org_id = ?");
        assertThat(delete.targets()).containsExactly(new DeleteTarget(new TableName(null, "orders", false), "o"));
        assertThat(delete.from()).isEqualTo(fragment("orders o, users u"));
        assertThat(delete.joined()).isTrue();
        assertThat(delete.where()).isEqualTo(fragment("o.user_id = u.id AND u.org_id = ?", 1));
    }

    @Test
    void mysqlMultiTableDeleteByTableNames() {
        Delete delete = onlyDelete("DELETE t1, t2 FROM t1 JOIN t2 ON t1.id = t2.t1_id WHERE t1.x = ?");
        assertThat(delete.targets()).containsExactly(
                new DeleteTarget(new TableName(null, "t1", false), "t1"),
                new DeleteTarget(new TableName(null, "t2", false), "t2"));
        assertThat(delete.from()).isEqualTo(fragment("t1 JOIN t2 ON t1.id = t2.t1_id"));
        assertThat(delete.joined()).isTrue();
        assertThat(delete.where()).isEqualTo(fragment("t1.x = ?", 1));
    }

    @Test
    void mysqlMultiTableDeleteByAliases() {
        Delete delete = onlyDelete(
                "DELETE a, b FROM shop.orders AS a INNER JOIN order_items AS b ON b.order_id = a.id WHERE a.id = ?");
        assertThat(delete.targets()).containsExactly(
                new DeleteTarget(new TableName("shop", "orders", false), "a"),
                new DeleteTarget(new TableName(null, "order_items", false), "b"));
        assertThat(delete.from()).isEqualTo(
                fragment("shop.orders AS a INNER JOIN order_items AS b ON b.order_id = a.id"));
    }

    @Test
    void mysqlSingleTargetOfAJoin() {
        Delete delete = onlyDelete("DELETE o FROM orders o JOIN users u ON u.id = o.user_id WHERE u.name = ?");
        assertThat(delete.targets()).containsExactly(new DeleteTarget(new TableName(null, "orders", false), "o"));
        assertThat(delete.joined()).isTrue();
    }

    @Test
    void orderByAndLimit() {
        Delete delete = onlyDelete("DELETE FROM t ORDER BY id LIMIT 10");
        assertThat(delete.hasWhere()).isFalse();
        assertThat(delete.where()).isNull();
        assertThat(delete.orderAndLimit()).isEqualTo(fragment("ORDER BY id LIMIT 10"));
    }

    @Test
    void limitParameterKeepsItsIndex() {
        Delete delete = onlyDelete("DELETE FROM t WHERE a = ? ORDER BY id DESC LIMIT ?");
        assertThat(delete.where()).isEqualTo(fragment("a = ?", 1));
        assertThat(delete.orderAndLimit()).isEqualTo(fragment("ORDER BY id DESC LIMIT ?", 2));
    }

    @Test
    void returningIsIgnored() {
        Delete delete = onlyDelete("DELETE FROM t WHERE a = ? RETURNING *");
        assertThat(delete.where()).isEqualTo(fragment("a = ?", 1));
        assertThat(delete.from()).isEqualTo(fragment("t"));
        assertThat(delete.orderAndLimit()).isEqualTo(SqlFragment.EMPTY);
    }

    @Test
    void deleteWithoutWhere() {
        Delete delete = onlyDelete("delete from audit_log");
        assertThat(delete.hasWhere()).isFalse();
        assertThat(delete.from()).isEqualTo(fragment("audit_log"));
    }

    @Test
    void deleteFromOnly() {
        Delete delete = onlyDelete("DELETE FROM ONLY t WHERE a = ?");
        assertThat(delete.sql()).isEqualTo("DELETE FROM ONLY t WHERE a = ?");
        assertThat(delete.targets()).containsExactly(new DeleteTarget(new TableName(null, "t", false), "t"));
        assertThat(delete.where()).isEqualTo(fragment("a = ?", 1));
    }

    @Test
    void quotedTable() {
        Delete delete = onlyDelete("DELETE FROM \"AnotherUser\" WHERE \"Id\" = 1");
        assertThat(delete.targets()).containsExactly(
                new DeleteTarget(new TableName(null, "AnotherUser", true), "\"AnotherUser\""));
        assertThat(delete.from()).isEqualTo(fragment("\"AnotherUser\""));
        assertThat(delete.where()).isEqualTo(fragment("\"Id\" = 1"));
    }

    @Test
    void schemaQualifiedQuotedTable() {
        Delete delete = onlyDelete("DELETE FROM public.\"AnotherUser\" WHERE \"Id\" = ?");
        assertThat(delete.targets()).containsExactly(
                new DeleteTarget(new TableName("public", "AnotherUser", true), "public.\"AnotherUser\""));
    }

    @Test
    void aliasedTarget() {
        Delete delete = onlyDelete("DELETE FROM users AS u WHERE u.id = ?");
        assertThat(delete.targets()).containsExactly(new DeleteTarget(new TableName(null, "users", false), "u"));
        assertThat(delete.from()).isEqualTo(fragment("users AS u"));
    }

    @Test
    void commentsAndMixedCase() {
        Delete delete = onlyDelete("/* c */ dElEtE /* inner */ FrOm t -- trailing\n WHERE a = ?");
        assertThat(delete.where()).isEqualTo(fragment("a = ?", 1));
        assertThat(onlyDelete("-- c\nDELETE FROM t").from()).isEqualTo(fragment("t"));
    }

    @Test
    void questionMarksInStringsAndCommentsAreNotParameters() {
        Delete delete = onlyDelete("DELETE FROM t /* ? */ WHERE a = '?' AND b = ? -- ?\n AND c = \"?\" AND d = ?");
        assertThat(delete.where()).isEqualTo(fragment("a = '?' AND b = ? AND c = \"?\" AND d = ?", 1, 2));
    }

    @Test
    void namedParametersStayText() {
        Delete delete = onlyDelete("DELETE FROM t WHERE a = :name AND b = ?");
        assertThat(delete.where()).isEqualTo(fragment("a = :name AND b = ?", 1));
    }
}
