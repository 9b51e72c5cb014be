package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2DialectTest extends DialectContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    Class<? extends Dialect> dialectClass() {
        return H2Dialect.class;
    }

    /** H2 2.x has no NO ACTION of its own: the catalog reports it, and a missing clause, as RESTRICT. */
    @Override
    String noActionAction() {
        return "RESTRICT";
    }

    @Override
    String bareAction() {
        return "RESTRICT";
    }

    @Override
    String[] extraDdl() {
        return new String[] {
            "create schema other",
            "create table other.only_here (id int primary key)",
            "create table other.dup (id int primary key)",
            "create table dup (id int primary key)",
        };
    }

    @Test
    void unquotedNamesFoldToUpperCaseQuotedAreExact() {
        assertThat(dialect.resolve(new TableName(null, "account", false), "PUBLIC", graph))
                .isEqualTo(new TableId("PUBLIC", "ACCOUNT"));
        assertThat(dialect.resolve(new TableName(null, "account", true), "PUBLIC", graph)).isNull();
        assertThat(dialect.resolve(new TableName(null, "AnotherUser", true), "PUBLIC", graph))
                .isEqualTo(new TableId("PUBLIC", "AnotherUser"));
        assertThat(dialect.resolve(new TableName(null, "AnotherUser", false), "PUBLIC", graph)).isNull();
        assertThat(dialect.resolve(new TableName("other", "dup", false), "PUBLIC", graph))
                .isEqualTo(new TableId("OTHER", "DUP"));
    }

    @Test
    void unqualifiedNameOutsideTheCurrentSchemaResolvesOnlyWhenUnique() {
        assertThat(dialect.resolve(new TableName(null, "only_here", false), "PUBLIC", graph))
                .isEqualTo(new TableId("OTHER", "ONLY_HERE"));
        assertThat(dialect.resolve(new TableName(null, "dup", false), "PUBLIC", graph))
                .isEqualTo(new TableId("PUBLIC", "DUP"));
        assertThat(dialect.resolve(new TableName(null, "dup", false), "NOWHERE", graph)).isNull();
    }

    @Test
    void quotesAndRowIdentity() {
        assertThat(dialect.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(dialect.qualified(new TableId("PUBLIC", "AnotherUser"))).isEqualTo("\"PUBLIC\".\"AnotherUser\"");
        assertThat(dialect.rowIdentity()).contains("_ROWID_");
    }
}
