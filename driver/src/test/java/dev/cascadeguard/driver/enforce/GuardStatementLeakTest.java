package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard's own queries (graph, schema, counts, savepoints) leave no statement open on the user's connection:
 * after many guarded deletes that ran, stopped (XG001) or could not be counted (XG003), in autocommit and in a
 * transaction, every statement the guard opened on the real connection is closed, and PostgreSQL holds no cursor.
 * Counted on the real driver's connection under {@link GuardDataSource}.
 */
class GuardStatementLeakTest {

    private static final int ROUNDS = 20;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void guardedDeletesLeaveNoStatementOpen(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            TransactionSafetyTest.schema(db);
            db.execute("insert into parent (id, name) values (100, 'x')");
            Properties settings = new Properties();
            settings.setProperty("guard.confirmAbove", "3");
            OpenStatements open = new OpenStatements();
            DataSource guarded = new GuardDataSource(open.dataSource(db.jdbcUrl()), settings);
            for (boolean autoCommit : new boolean[]{true, false}) {
                try (Connection c = guarded.getConnection()) {
                    c.setAutoCommit(autoCommit);
                    for (int i = 0; i < ROUNDS; i++) {
                        try (Statement s = c.createStatement()) {
                            s.executeUpdate("insert into parent (id, name) values (" + (200 + i) + ", 'y')");
                            assertThat(s.executeUpdate("delete from parent where id = " + (200 + i))).isEqualTo(1);
                            TransactionSafetyTest.assertFails(s, "delete from parent where id = 1", "XG001", "");
                            TransactionSafetyTest.assertFails(s, "delete from parent where id = (select id from parent)",
                                    "XG003", "");
                        }
                        try (PreparedStatement ps = c.prepareStatement("delete from parent where id = ?")) {
                            ps.setInt(1, 1);
                            assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("XG001"));
                            ps.setInt(1, 999);
                            assertThat(ps.executeUpdate()).isZero();
                        }
                        c.unwrap(GuardConnection.class).preview("delete from parent where id = 2");
                    }
                    assertThat(open.opened()).as("statements opened, the guard's counts among them")
                            .isGreaterThan(4 * ROUNDS);
                    assertThat(open.statements()).as("statements left open (autocommit %s)", autoCommit).isEmpty();
                    if (database == TestDatabase.POSTGRES) {
                        // the unnamed portal is this query's own
                        try (Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("select string_agg(name || ': ' || statement, '; ') "
                                     + "from pg_cursors where name <> ''")) {
                            rs.next();
                            assertThat(rs.getString(1)).as("open cursors").isNull();
                        }
                    }
                    if (!autoCommit) {
                        c.commit();
                    }
                }
            }
            assertThat(db.count("parent")).isEqualTo(4);
            assertThat(db.count("child")).isEqualTo(6);
        }
    }

    /** Real connections whose statements are tracked until closed: what is still open, and what it ran. */
    static final class OpenStatements {
        private final Map<Object, String> open = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();

        int opened() {
            return opened.get();
        }

        Map<Object, String> statements() {
            return Map.copyOf(open);
        }

        DataSource dataSource(String url) {
            return new DataSource() {
                @Override
                public Connection getConnection() throws SQLException {
                    return track(DriverManager.getConnection(url));
                }

                @Override
                public Connection getConnection(String user, String password) throws SQLException {
                    return track(DriverManager.getConnection(url, user, password));
                }

                @Override
                public PrintWriter getLogWriter() {
                    return null;
                }

                @Override
                public void setLogWriter(PrintWriter out) {
                }

                @Override
                public void setLoginTimeout(int seconds) {
                }

                @Override
                public int getLoginTimeout() {
                    return 0;
                }

                @Override
                public Logger getParentLogger() {
                    return Logger.getGlobal();
                }

                @Override
                public <T> T unwrap(Class<T> iface) throws SQLException {
                    throw new SQLException("not a wrapper");
                }

                @Override
                public boolean isWrapperFor(Class<?> iface) {
                    return false;
                }
            };
        }

        private Connection track(Connection real) {
            return proxy(Connection.class, real, (method, args, result) -> {
                String name = method.getName();
                if (result instanceof Statement statement && (name.startsWith("create") || name.startsWith("prepare"))) {
                    Class<? extends Statement> type = result instanceof CallableStatement ? CallableStatement.class
                            : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                    Object tracked = proxy(type, statement, (m, a, r) -> {
                        if (m.getName().equals("close")) {
                            open.remove(statementKey(statement));
                        }
                        return r;
                    });
                    opened.incrementAndGet();
                    open.put(statementKey(statement), args == null || args.length == 0 ? name : String.valueOf(args[0]));
                    return tracked;
                }
                return result;
            });
        }

        private static Object statementKey(Statement statement) {
            return new IdentityKey(statement);
        }

        private record IdentityKey(Object target) {
            @Override
            public boolean equals(Object o) {
                return o instanceof IdentityKey k && k.target == target;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(target);
            }
        }

        private interface After {
            Object apply(java.lang.reflect.Method method, Object[] args, Object result) throws SQLException;
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, Object target, After after) {
            InvocationHandler handler = (self, method, args) -> {
                Object result;
                try {
                    result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                return after.apply(method, args, result);
            };
            return (T) Proxy.newProxyInstance(GuardStatementLeakTest.class.getClassLoader(), new Class<?>[]{type},
                    handler);
        }
    }
}
