package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.Dialects;
import dev.cascadeguard.driver.intercept.GuardedConnection;
import dev.cascadeguard.driver.parse.SqlParser;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.rules.GuardSettings;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a guarded DELETE costs in round trips on PostgreSQL, counted on the real connection under the guard:
 * every statement execution and savepoint operation the server sees. With the graph loaded and the schema known,
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
