package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static dev.cascadeguard.driver.dialect.FixtureSchema.key;
import static dev.cascadeguard.driver.dialect.FixtureSchema.table;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresDialectTest extends DialectContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    Class<? extends Dialect> dialectClass() {
        return PostgresDialect.class;
    }

    @Override
    String[] extraDdl() {
        return new String[] {
            // a partitioned child: PostgreSQL clones its foreign key onto each partition
            "create table event (id int, account_id int references account (id) on delete cascade, day date not null)"
                    + " partition by range (day)",
            "create table event_2024 partition of event for values from ('2024-01-01') to ('2025-01-01')",
            "create table event_2025 partition of event for values from ('2025-01-01') to ('2026-01-01')",
            // a partitioned parent: the referencing key is cloned once per partition of the parent
            "create table ledger (id int, day date, primary key (id, day)) partition by range (day)",
            "create table ledger_2024 partition of ledger for values from ('2024-01-01') to ('2025-01-01')",
            "create table ledger_2025 partition of ledger for values from ('2025-01-01') to ('2026-01-01')",
            "create table ledger_line (id int primary key, ledger_id int, ledger_day date,"
                    + " foreign key (ledger_id, ledger_day) references ledger on delete cascade)",
            // PostgreSQL 15: SET NULL on a subset of the key
            "create table tenant_item (tenant_id int not null, id int not null, primary key (tenant_id, id))",
            "create table tenant_link (id int primary key, tenant_id int not null, item_id int,"
                    + " foreign key (tenant_id, item_id) references tenant_item on delete set null (item_id))",
            "create table deferred_child (id int primary key, account_id int references account (id)"
                    + " deferrable initially deferred)",
            "create table ruled (id int primary key)",
            "create table ruled_log (id int)",
            "create rule ruled_delete as on delete to ruled do also insert into ruled_log values (old.id)",
        };
    }

    @Test
    void partitionedTablesAppearOnceWithOneForeignKeyEach() {
        assertThat(FixtureSchema.tableNames(graph)).contains("event", "ledger")
                .doesNotContain("event_2024", "event_2025", "ledger_2024", "ledger_2025");
        assertThat(graph.referencing(table(graph, "account")))
                .filteredOn(fk -> fk.child().name().startsWith("event")).singleElement()
                .satisfies(fk -> assertThat(fk.child().name()).isEqualTo("event"));
        assertThat(graph.referencing(table(graph, "ledger"))).singleElement()
                .satisfies(fk -> assertThat(fk.childColumns()).containsExactly("ledger_id", "ledger_day"));
    }

    @Test
    void setNullOnASubsetOfTheKey() {
        var fk = key(graph, "tenant_item", "tenant_id");
        assertThat(fk.onDelete()).isEqualTo(FkAction.SET_NULL);
        assertThat(fk.childColumns()).containsExactly("tenant_id", "item_id");
        assertThat(fk.setColumns()).containsExactly("item_id");
        assertThat(key(graph, "parent_key", "code").setColumns()).containsExactly("code");
    }

    @Test
    void deferrableFlags() {
        var deferred = graph.referencing(table(graph, "account")).stream()
                .filter(fk -> fk.child().name().equals("deferred_child")).findFirst().orElseThrow();
        assertThat(deferred.deferrable()).isTrue();
        assertThat(deferred.initiallyDeferred()).isTrue();
        assertThat(key(graph, "account", "cascade_id").deferrable()).isFalse();
    }

    @Test
    void deleteRuleCountsAsTrigger() {
        assertThat(graph.table(table(graph, "ruled")).hasDeleteTrigger()).isTrue();
    }

    @Test
    void unquotedNamesFoldToLowerCaseQuotedAreExact() {
        String schema = table(graph, "account").schema();
        assertThat(dialect.resolve(new TableName(null, "ACCOUNT", false), schema, graph))
                .isEqualTo(new TableId(schema, "account"));
        assertThat(dialect.resolve(new TableName(null, "ACCOUNT", true), schema, graph)).isNull();
        assertThat(dialect.resolve(new TableName(null, "AnotherUser", true), schema, graph))
                .isEqualTo(new TableId(schema, "AnotherUser"));
        assertThat(dialect.resolve(new TableName(null, "AnotherUser", false), schema, graph)).isNull();
        assertThat(dialect.resolve(new TableName(schema.toUpperCase(), "Tree", false), "public", graph))
                .isEqualTo(new TableId(schema, "tree"));
    }

    @Test
    void plannerEstimateReadsTheTopPlanNode() throws SQLException {
        var connection = db.connection();
        var planner = dialect.plannerEstimates().orElseThrow();
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery(planner.explainQuery("select * from account"))) {
            assertThat(rows.next()).isTrue();
            assertThat(planner.explainedRows(rows)).isGreaterThanOrEqualTo(0);
        }
        assertThat(PostgresDialect.topPlanRows("[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Plan Rows\": 2550,"
                + " \"Plans\": [{\"Plan Rows\": 7}]}}]")).isEqualTo(2550);
    }

    @Test
    void quotesAndRowIdentity() {
        assertThat(dialect.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(dialect.rowIdentity()).contains("ctid");
    }

    /** pgjdbc's metadata also returns the per-partition clones; the fixture's own tables compare equal. */
    @Override
    List<String> genericComparableEdges(List<String> fixtureEdges) {
        return fixtureEdges;
    }
}
