package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static dev.cascadeguard.driver.dialect.FixtureSchema.table;
import static org.assertj.core.api.Assertions.assertThat;

class MariaDbDialectTest extends DialectContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    Class<? extends Dialect> dialectClass() {
        return MariaDbDialect.class;
    }

    /** MariaDB accepts ON DELETE SET DEFAULT without error and drops it: the key is stored without clause. */
    @Override
    String setDefaultAction() {
        return "RESTRICT";
    }

    /** A key without ON DELETE clause reads back as RESTRICT (InnoDB enforces it exactly like NO ACTION). */
    @Override
    String bareAction() {
        return "RESTRICT";
    }

    @Test
    void namesCompareWithoutCaseWithinTheCurrentDatabase() throws SQLException {
        String database = dialect.currentSchema(db.connection());
        assertThat(dialect.resolve(new TableName(null, "ACCOUNT", false), database, graph))
                .isEqualTo(new TableId(database, "account"));
        assertThat(dialect.resolve(new TableName(null, "anotheruser", true), database, graph))
                .isEqualTo(new TableId(database, "AnotherUser"));
        assertThat(dialect.resolve(new TableName(database.toUpperCase(), "Tree", false), database, graph))
                .isEqualTo(new TableId(database, "tree"));
        assertThat(dialect.resolve(new TableName(null, "account", false), "elsewhere", graph)).isNull();
    }

    @Test
    void setDefaultIsReallyIgnoredByTheServer() throws SQLException {
        String create;
        try (var rows = db.connection().createStatement().executeQuery("show create table actions")) {
            rows.next();
            create = rows.getString(2);
        }
        assertThat(create).doesNotContainIgnoringCase("SET DEFAULT");
        assertThat(graph.table(table(graph, "account")).hasDeleteTrigger()).isTrue();
    }

    @Test
    void quotesWithBackticks() {
        assertThat(dialect.quote("a`b")).isEqualTo("`a``b`");
        assertThat(dialect.qualified(new TableId("db", "AnotherUser"))).isEqualTo("`db`.`AnotherUser`");
        assertThat(dialect.rowIdentity()).isEmpty();
        assertThat(dialect.limit(5)).isEqualTo(" LIMIT 5");
    }
}
