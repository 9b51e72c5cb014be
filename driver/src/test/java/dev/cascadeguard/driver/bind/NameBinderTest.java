package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.dialect.Dialects;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlParser;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binding stage on H2: every name resolved before counting, the graph reloaded at most once per statement. */
class NameBinderTest {

    private Connection connection;
    private NameBinder binder;
    private int loads;
    private FkGraph cached;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:binder_" + System.nanoTime());
        execute("create table p (id int primary key)",
                "create table c (id int primary key, p_id int references p on delete cascade)");
        DialectSession session = new DialectSession(Dialects.forConnection(connection), connection);
        binder = new NameBinder(session, new NameBinder.Catalog() {
            @Override
            public FkGraph graph() throws SQLException {
                if (cached == null) {
                    cached = reloaded();
                }
                return cached;
            }

            @Override
            public FkGraph reloaded() throws SQLException {
                loads++;
                cached = session.dialect().loadGraph(connection);
                return cached;
            }
        });
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private void execute(String... sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String one : sql) {
                s.execute(one);
            }
        }
    }

    private List<BoundStatement> bind(String sql) throws Exception {
        ParsedStatement.Destructive statement = new SqlParser().parse(sql).destructive().get(0);
        return binder.bind(statement, "PUBLIC");
    }

    @Test
    void namesResolveInTheCachedGraphWithoutReloading() throws Exception {
        BoundStatement.Delete delete = (BoundStatement.Delete) bind("DELETE FROM p WHERE id = 1").get(0);
        assertThat(delete.targets()).containsExactly(new TableId("PUBLIC", "P"));
        assertThat(delete.scope().sessionSchema()).isTrue();
        bind("TRUNCATE TABLE c");
        assertThat(loads).isEqualTo(1);
    }

    @Test
    void aTableNewerThanTheGraphReloadsItOnce() throws Exception {
        bind("DELETE FROM p");
        execute("create table fresh (id int primary key)");
        assertThat(bind("DELETE FROM fresh").get(0)).isInstanceOf(BoundStatement.Delete.class);
        assertThat(loads).isEqualTo(2);
        assertThatThrownBy(() -> bind("DELETE FROM missing")).isInstanceOf(BindException.class)
                .hasMessage("table missing is not in the database's catalog");
        assertThat(loads).as("one reload for the miss, never a loop").isEqualTo(3);
    }

    @Test
    void temporaryTablesAreBoundOnAGraphOfTheirOwn() throws Exception {
        execute("create local temporary table tmp (id int primary key)");
        BoundStatement.Delete delete = (BoundStatement.Delete) bind("DELETE FROM tmp").get(0);
        assertThat(delete.scope().sessionSchema()).isFalse();
        assertThat(delete.scope().graph().tables()).extracting(t -> t.id().name()).containsExactly("TMP");
        assertThat(delete.notes()).singleElement().asString().contains("temporary table");
    }

    @Test
    void aDropOfAbsentTablesSaysThereIsNothingToDrop() throws Exception {
        List<BoundStatement> bound = bind("DROP TABLE IF EXISTS gone, c");
        assertThat(bound).singleElement().isInstanceOfSatisfying(BoundStatement.Drop.class, drop -> {
            assertThat(drop.tables()).containsExactly(new TableId("PUBLIC", "C"));
            assertThat(drop.notes()).containsExactly("no such table, nothing to drop: gone");
        });
        assertThat(bind("DROP TABLE IF EXISTS gone")).singleElement()
                .isInstanceOf(BoundStatement.NothingToDrop.class);
    }

    @Test
    void aDropOfASchemaBindsEveryTableInIt() throws Exception {
        BoundStatement.Drop drop = (BoundStatement.Drop) bind("DROP SCHEMA public CASCADE").get(0);
        assertThat(drop.tables()).containsExactlyInAnyOrder(new TableId("PUBLIC", "P"), new TableId("PUBLIC", "C"));
    }
}
