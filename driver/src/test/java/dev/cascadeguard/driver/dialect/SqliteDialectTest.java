package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static dev.cascadeguard.driver.dialect.FixtureSchema.key;
import static org.assertj.core.api.Assertions.assertThat;

class SqliteDialectTest extends DialectContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.SQLITE;
    }

    @Override
    Class<? extends Dialect> dialectClass() {
        return SqliteDialect.class;
    }

    @Override
    String[] extraDdl() {
        return new String[] {
            // the parent written in another case, and its primary key referenced implicitly (no column list)
            "create table implicit_parent (k1 int, k2 int, primary key (k2, k1))",
            "create table implicit_child (id int primary key, p1 int, p2 int,"
                    + " foreign key (p1, p2) references IMPLICIT_PARENT on delete cascade)",
            "create table no_rowid (id int primary key) without rowid",
            "create trigger implicit_insert after insert on implicit_child begin select 1; end",
        };
    }

    @Test
    void implicitReferenceToThePrimaryKeyTakesItsColumnsInKeyOrder() {
        var fk = key(graph, "implicit_parent", "p1");
        assertThat(fk.parent()).isEqualTo(new TableId("main", "implicit_parent"));
        assertThat(fk.childColumns()).containsExactly("p1", "p2");
        assertThat(fk.parentColumns()).containsExactly("k2", "k1");
        assertThat(fk.name()).startsWith("fk_implicit_child_");
    }

    @Test
    void onlyDeleteTriggersCount() {
        assertThat(graph.table(new TableId("main", "implicit_child")).hasDeleteTrigger()).isFalse();
    }

    @Test
    void namesCompareWithoutCase() {
        assertThat(dialect.resolve(new TableName(null, "ACCOUNT", false), "main", graph))
                .isEqualTo(new TableId("main", "account"));
        assertThat(dialect.resolve(new TableName(null, "anotheruser", true), "main", graph))
                .isEqualTo(new TableId("main", "AnotherUser"));
        assertThat(dialect.resolve(new TableName("MAIN", "Tree", false), "main", graph))
                .isEqualTo(new TableId("main", "tree"));
        assertThat(dialect.resolve(new TableName(null, "missing", false), "main", graph)).isNull();
    }

    @Test
    void foreignKeysEnforcedFollowsThePragma() throws SQLException {
        assertThat(dialect.foreignKeysEnforced(db.connection())).isTrue();
        try (var plain = java.sql.DriverManager.getConnection(db.jdbcUrl().replace("?foreign_keys=true", ""))) {
            assertThat(dialect.foreignKeysEnforced(plain)).isFalse();
        }
    }

    @Test
    void quotesAndRowIdentity() {
        assertThat(dialect.qualified(new TableId("main", "AnotherUser"))).isEqualTo("\"main\".\"AnotherUser\"");
        assertThat(dialect.rowIdentity()).contains("rowid");
    }
}
