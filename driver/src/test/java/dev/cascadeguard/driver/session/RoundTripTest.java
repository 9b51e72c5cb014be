package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.Dialects;
import dev.cascadeguard.driver.intercept.GuardedConnection;
import dev.cascadeguard.driver.parse.SqlParser;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.rules.GuardSettings;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a guarded DELETE costs in round trips on PostgreSQL and MariaDB, counted on the real connection under the
 * guard: every statement execution and savepoint operation the server sees. With the graph loaded and the schema known,
 * the guard adds one: its counting query (with savepoint, JIT setting and rollback in the same round trip inside
 * a transaction).
 */
class RoundTripTest {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final Set<String> SAVEPOINT_CALLS = Set.of("setSavepoint", "releaseSavepoint", "rollback",
            "commit");

    private final List<String> serverCalls = new ArrayList<>();

    @Test
    void oneRoundTripForTheGuardInAutocommitAndInATransaction() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            db.execute("create table parent (id int primary key)",
                    "create table child (id int primary key, parent_id int references parent on delete cascade)",
                    "insert into parent select g from generate_series(1, 10) g",
                    "insert into child select g, 1 + g % 10 from generate_series(1, 100) g");
            Connection real = db.open();
            Connection counted = counting(real);
            SharedDatabase database = new SharedDatabase(Dialects.forConnection(real));
            GuardSession guard = new GuardSession(counted, database, GuardSettings.defaults(), new SqlParser(),
                    dev.cascadeguard.driver.act.Listeners.of(java.util.List.of()));
            try (Connection c = new GuardedConnection(counted, guard, guard); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM parent WHERE id = 1"); // loads the graph, reads the schema once

                serverCalls.clear();
                assertThat(s.executeUpdate("DELETE FROM parent WHERE id = 2")).isEqualTo(1);
                assertThat(serverCalls).as("autocommit: the guard's count, then the DELETE")
                        .containsExactly("execute", "executeUpdate");

                c.setAutoCommit(false);
                serverCalls.clear();
                assertThat(s.executeUpdate("DELETE FROM parent WHERE id = 3")).isEqualTo(1);
                assertThat(serverCalls).as("in a transaction: still one round trip for the guard")
                        .containsExactly("execute", "executeUpdate");
                c.commit();
            }
            assertThat(db.count("child")).isEqualTo(70);
        }
    }

    /**
     * MariaDB, through MariaDB Connector/J and MySQL Connector/J: one round trip for the guard in autocommit and in a
     * transaction too. A failed statement does not abort a MariaDB transaction, so the count needs no savepoint
     * around it (before: SAVEPOINT, count, RELEASE SAVEPOINT, three round trips inside a transaction).
     */
    @TestFactory
    Stream<DynamicTest> mariaDbOneRoundTripForTheGuard() {
        return Stream.of(DynamicTest.dynamicTest("MariaDB Connector/J", this::mariaDbRoundTrips),
                DynamicTest.dynamicTest("MySQL Connector/J",
                        () -> TestDatabase.throughMySqlConnectorJ(this::mariaDbRoundTrips)));
    }

    private void mariaDbRoundTrips() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create()) {
            db.execute("create table parent (id int primary key)",
                    "create table child (id int primary key, parent_id int, constraint fk_child_parent "
                            + "foreign key (parent_id) references parent (id) on delete cascade)",
                    "insert into parent values (1), (2), (3), (4), (5)",
                    "insert into child values (1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 4)");
            Connection real = db.open();
            Connection counted = counting(real);
            SharedDatabase database = new SharedDatabase(Dialects.forConnection(real));
            GuardSession guard = new GuardSession(counted, database, GuardSettings.defaults(), new SqlParser(),
                    dev.cascadeguard.driver.act.Listeners.of(java.util.List.of()));
            try (Connection c = new GuardedConnection(counted, guard, guard); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM parent WHERE id = 1"); // loads the graph, reads the schema once

                serverCalls.clear();
                assertThat(s.executeUpdate("DELETE FROM parent WHERE id = 2")).isEqualTo(1);
                assertThat(serverCalls).as("autocommit: the guard's count, then the DELETE")
                        .containsExactly("execute", "executeUpdate");

                c.setAutoCommit(false);
                serverCalls.clear();
                assertThat(s.executeUpdate("DELETE FROM parent WHERE id = 3")).isEqualTo(1);
                assertThat(serverCalls).as("in a transaction: still one round trip for the guard")
                        .containsExactly("execute", "executeUpdate");

                // the count fails on the server (the sub-query returns several rows): the guard fails closed, and
                // without a savepoint the transaction is intact all the same
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM parent WHERE id = (SELECT id FROM parent)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("XG003"));
                assertThat(s.executeUpdate("DELETE FROM parent WHERE id = 4")).isEqualTo(1);
                c.commit();
            }
            assertThat(db.count("parent")).as("5 is left").isEqualTo(1);
            assertThat(db.count("child")).isEqualTo(0);
        }
    }


    private Connection counting(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                recording(real, SAVEPOINT_CALLS));
    }

    private InvocationHandler recording(Object target, Set<String> counted) {
        return (proxy, method, args) -> {
            String name = method.getName();
            if (counted.contains(name)) {
                serverCalls.add(name);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof PreparedStatement ps) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{PreparedStatement.class},
                        recording(ps, EXECUTIONS));
            }
            if (result instanceof Statement st && !(result instanceof PreparedStatement)) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Statement.class},
                        recording(st, EXECUTIONS));
            }
            return result;
        };
    }
}
