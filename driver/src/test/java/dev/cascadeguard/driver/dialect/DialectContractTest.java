package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.util.List;

import static dev.cascadeguard.driver.dialect.FixtureSchema.key;
import static dev.cascadeguard.driver.dialect.FixtureSchema.table;
import static org.assertj.core.api.Assertions.assertThat;

/** What every dialect must load from {@link FixtureSchema} on its real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DialectContractTest {

    protected TestDb db;
    protected Dialect dialect;
    protected FkGraph graph;

    abstract TestDatabase database();

    abstract Class<? extends Dialect> dialectClass();

    /** The action the catalog records for ON DELETE SET DEFAULT. */
    String setDefaultAction() {
        return "SET_DEFAULT";
    }

    /** The action the catalog records for ON DELETE NO ACTION. */
    String noActionAction() {
        return "NO_ACTION";
    }

    /** The action the catalog records for ON DELETE RESTRICT. */
    String restrictAction() {
        return "RESTRICT";
    }

    /** The action the catalog records for a key without ON DELETE clause. */
    String bareAction() {
        return "NO_ACTION";
    }

    /** The edges the fixture declares, as this database's catalog reports them. */
    java.util.Set<String> expectedEdges() {
        return FixtureSchema.expectedEdges(setDefaultAction(), noActionAction(), bareAction(), restrictAction());
    }

    /** Statements run after the common fixture, for a database's own extras. */
    String[] extraDdl() {
        return new String[0];
    }

    @BeforeAll
    void loadFixture() throws SQLException {
        db = database().create();
        db.execute(FixtureSchema.ddl(database()));
        db.execute(extraDdl());
        dialect = Dialects.forConnection(db.connection());
        graph = dialect.loadGraph(db.connection());
    }

    @AfterAll
    void dropFixture() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void detectsItsDialect() {
        assertThat(dialect).isInstanceOf(dialectClass());
    }

    @Test
    void loadsExactlyTheDeclaredForeignKeys() {
        assertThat(fixtureEdges(graph))
                .containsExactlyInAnyOrderElementsOf(expectedEdges());
        assertThat(FixtureSchema.tableNames(graph)).containsAll(FixtureSchema.TABLES);
    }

    @Test
    void compositeKeyKeepsKeyOrderAndPrimaryKeyItsOwnOrder() {
        var composite = key(graph, "parent_key", "x_b");
        assertThat(composite.childColumns()).map(FixtureSchema::plain).containsExactly("x_b", "x_a");
        assertThat(composite.parentColumns()).map(FixtureSchema::plain).containsExactly("b", "a");
        assertThat(graph.table(table(graph, "parent_key")).primaryKey()).map(FixtureSchema::plain)
                .containsExactly("a", "b");
    }

    @Test
    void selfReferenceIsOneEdge() {
        TableId tree = table(graph, "tree");
        assertThat(graph.referencing(tree)).singleElement().satisfies(fk -> assertThat(fk.selfReference()).isTrue());
    }

    @Test
    void referencingColumnsCarryNullabilityAndDefault() {
        var columns = graph.table(table(graph, "actions")).columns();
        ColumnInfo setDefault = columns.values().stream()
                .filter(c -> FixtureSchema.plain(c.name()).equals("set_default_id")).findFirst().orElseThrow();
        assertThat(setDefault.nullable()).isFalse();
        assertThat(setDefault.defaultValue()).isEqualTo("0");
        ColumnInfo cascade = columns.values().stream()
                .filter(c -> FixtureSchema.plain(c.name()).equals("cascade_id")).findFirst().orElseThrow();
        assertThat(cascade.nullable()).isTrue();
        assertThat(cascade.defaultValue()).isNull();
        // only referencing columns are kept
        assertThat(columns.keySet()).map(FixtureSchema::plain).doesNotContain("id");
        ColumnInfo noteUser = graph.table(table(graph, "note")).columns().values().iterator().next();
        assertThat(noteUser.nullable()).isFalse();
    }

    @Test
    void deleteTriggerIsFlagged() {
        assertThat(graph.table(table(graph, "account")).hasDeleteTrigger()).isTrue();
        assertThat(graph.table(table(graph, "tree")).hasDeleteTrigger()).isFalse();
    }

    @Test
    void resolvesTheCurrentSchemaItReports() throws SQLException {
        String current = dialect.currentSchema(db.connection());
        assertThat(current).isEqualTo(table(graph, "account").schema());
    }

    @Test
    void theGenericLoaderSeesTheSameFixtureEdges() throws SQLException {
        FkGraph generic = GenericDialect.of(db.connection().getMetaData()).loadGraph(db.connection());
        List<String> fixtureEdges = fixtureEdges(graph);
        System.out.printf("%s generic loader: %d keys, bulk loader: %d keys; generic-only edges: %s%n",
                dialect.name(), generic.foreignKeyCount(), graph.foreignKeyCount(),
                FixtureSchema.edges(generic).stream().filter(e -> !fixtureEdges.contains(e)).toList());
        assertThat(FixtureSchema.edges(generic)).containsAll(genericComparableEdges(fixtureEdges));
    }

    /** The edges whose child is a fixture table: a database's extras are tested on their own. */
    static List<String> fixtureEdges(FkGraph graph) {
        return FixtureSchema.edges(graph).stream()
                .filter(e -> FixtureSchema.TABLES.contains(e.substring(0, e.indexOf('('))))
                .toList();
    }

    /** The edges the driver's DatabaseMetaData is expected to report like the catalog does. */
    List<String> genericComparableEdges(List<String> fixtureEdges) {
        return fixtureEdges;
    }
}
