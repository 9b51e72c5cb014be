package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HSQLDB has no dialect class: {@link GenericDialect} reads it through DatabaseMetaData alone. The same contract as
 * the four dialects, plus what the generic path chooses for a database nobody configured
 * (docs/database-semantics.md §11).
 */
class HsqldbGenericDialectTest extends DialectContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.HSQLDB;
    }

    @Override
    Class<? extends Dialect> dialectClass() {
        return GenericDialect.class;
    }

    /** HSQLDB's parser reads ON DELETE RESTRICT as NO ACTION, and its metadata says so. */
    @Override
    String restrictAction() {
        return "NO_ACTION";
    }

    /**
     * HSQLDB lists a composite key's columns in the order of the parent's key it references, not as declared: the
     * pairs (x_a with a, x_b with b) are what a cascade follows, and they are kept.
     */
    @Override
    Set<String> expectedEdges() {
        Set<String> edges = new TreeSet<>(super.expectedEdges());
        edges.remove("composite_child(x_b,x_a) -> parent_key(b,a) CASCADE");
        edges.add("composite_child(x_a,x_b) -> parent_key(a,b) CASCADE");
        return edges;
    }

    @Override
    @Test
    void compositeKeyKeepsKeyOrderAndPrimaryKeyItsOwnOrder() {
        var composite = FixtureSchema.key(graph, "parent_key", "x_a");
        assertThat(composite.childColumns()).map(FixtureSchema::plain).containsExactly("x_a", "x_b");
        assertThat(composite.parentColumns()).map(FixtureSchema::plain).containsExactly("a", "b");
        assertThat(graph.table(FixtureSchema.table(graph, "parent_key")).primaryKey()).map(FixtureSchema::plain)
                .containsExactly("a", "b");
    }

    @Override
    String[] extraDdl() {
        return new String[] {
            "create schema other",
            "create table other.only_here (id int primary key)",
            // CREATE TEMPORARY TABLE makes a GLOBAL TEMPORARY table: declared for all, rows per session
            "create temporary table scratch (id int primary key)",
        };
    }

    @Test
    void unquotedNamesFoldToUpperCaseQuotedAreExact() {
        assertThat(dialect.name()).isEqualTo("HSQL Database Engine");
        assertThat(dialect.resolve(new TableName(null, "account", false), "PUBLIC", graph))
                .isEqualTo(new TableId("PUBLIC", "ACCOUNT"));
        assertThat(dialect.resolve(new TableName(null, "account", true), "PUBLIC", graph)).isNull();
        assertThat(dialect.resolve(new TableName(null, "AnotherUser", true), "PUBLIC", graph))
                .isEqualTo(new TableId("PUBLIC", "AnotherUser"));
        assertThat(dialect.resolve(new TableName("other", "only_here", false), "PUBLIC", graph))
                .isEqualTo(new TableId("OTHER", "ONLY_HERE"));
    }

    @Test
    void globalTemporaryTablesAreInTheGraph() {
        assertThat(dialect.resolve(new TableName(null, "scratch", false), "PUBLIC", graph))
                .isEqualTo(new TableId("PUBLIC", "SCRATCH"));
    }

    @Test
    void aTableNoMetadataListsFailsClosedAndAMissingOneDoesNot() throws Exception {
        Connection connection = db.open();
        connection.createStatement().execute("declare local temporary table session_only (id int)");

        assertThat(dialect.resolve(new TableName(null, "session_only", false), "PUBLIC", graph)).isNull();
        assertThat(dialect.tableOutsideTheGraph(connection, new TableName(null, "session_only", false))).isTrue();
        assertThat(dialect.tableOutsideTheGraph(connection, new TableName(null, "no_such_table", false))).isFalse();
        // inside a transaction the failed probe is rolled back to its savepoint: the transaction goes on
        connection.setAutoCommit(false);
        connection.createStatement().execute("insert into session_only values (1)");
        assertThat(dialect.tableOutsideTheGraph(connection, new TableName(null, "no_such_table", false))).isFalse();
        try (var rows = connection.createStatement().executeQuery("select count(*) from session_only")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        connection.rollback();
    }

    /** Portable counting SQL and the conservative reading for an engine nobody checked. */
    @Test
    void portableSqlAndConservativeSemantics() {
        assertThat(dialect.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(dialect.limit(5)).isEqualTo(" FETCH FIRST 5 ROWS ONLY");
        assertThat(dialect.rowIdentity()).isEmpty();
        assertThat(dialect.recursiveUnionDeduplicates()).isFalse();
        // HSQLDB 2.7.4 miscounts a correlated EXISTS over a CTE the query reads twice: IN is the safe form
        assertThat(dialect.prefersInSubqueries()).isTrue();
        assertThat(dialect.semantics()).isEqualTo(CascadeSemantics.CONSERVATIVE);
        assertThat(dialect.semantics().changeOfCascadedRowFails()).isTrue();
        assertThat(dialect.semantics().noActionSeesCascadeDeletes()).isFalse();
    }
}
