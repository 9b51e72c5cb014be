package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #20: a password given in a URL (every driver's syntax) or in connection properties never shows in an
 * exception, a log line, a listener's event or a wrapper's toString; bound values stay masked in the audit trail.
 */
class CredentialLeakTest {

    private static final String SECRET = "pw-" + UUID.randomUUID().toString().substring(0, 8);

    /** URLs whose connection fails in the guard or in the real driver; %s is the password. */
    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:guard:nosuchdb://app:%s@db.example/x?password=%s",
            "jdbc:guard:nosuchdb:x;PASSWORD=%s",
            "jdbc:guard:guard:postgresql://app:%s@db.example/x?password=%s",
            "jdbc:guard:postgresql://127.0.0.1:1/test?user=app&password=%s&connectTimeout=2",
            "jdbc:guard:postgresql://app:%s@127.0.0.1:1/test?connectTimeout=2",
            "jdbc:guard:mariadb://127.0.0.1:1/test?user=root&password=%s&connectTimeout=2000",
            "jdbc:guard:mariadb://root:%s@127.0.0.1:1/test?connectTimeout=2000",
            "jdbc:guard:mysql://root:%s@127.0.0.1:1/test?connectTimeout=2000",
            "jdbc:guard:h2:tcp://127.0.0.1:1/x;USER=sa;PASSWORD=%s",
            "jdbc:guard:sqlite:/no/such/dir/x.db?password=%s"})
    void failedConnectionsNeverShowThePassword(String template) {
        String url = template.replace("%s", SECRET);
        try (LeakCapture seen = new LeakCapture()) {
            Properties props = new Properties();
            props.setProperty("password", SECRET);
            SQLException e = catchThrowableOfType(() -> DriverManager.getConnection(url, props).close(),
                    SQLException.class);
            assertThat((Throwable) e).as(url).isNotNull();
            seen.addThrown(e);
            Properties badSetting = new Properties();
            badSetting.setProperty("password", SECRET);
            badSetting.setProperty("guard.mode", "loud");
            seen.addThrown(catchThrowableOfType(() -> DriverManager.getConnection(url, badSetting).close(),
                    SQLException.class));
            assertThat(seen.everything()).noneMatch(text -> text.contains(SECRET));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void workingConnectionsNeverShowThePassword(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); LeakCapture seen = new LeakCapture()) {
            SeedSchema.create(db);
            try (PasswordUser user = PasswordUser.on(db, SECRET)) {
                ListenerTest.Recorder.EVENTS.clear();
                for (String url : user.guardUrls()) {
                    Properties props = SeedSchema.props("guard.listeners", ListenerTest.Recorder.class.getName());
                    user.credentials().forEach(props::put);
                    try (Connection c = DriverManager.getConnection(url, props)) {
                        exercise(c, seen);
                    }
                }
                try (GuardDataSource ds = new GuardDataSource(user.dataSource(), SeedSchema.props())) {
                    seen.add(ds);
                    try (Connection c = ds.getConnection()) {
                        seen.add(c);
                    }
                }
                ListenerTest.Recorder.EVENTS.forEach(seen::add);
                assertThat(ListenerTest.Recorder.EVENTS).isNotEmpty();
            }
            assertThat(SeedSchema.counts(db)).isEqualTo(SeedSchema.ALL); // every statement above was stopped
            assertThat(seen.logLines()).isPositive(); // the audit trail was captured
            assertThat(seen.everything()).noneMatch(text -> text.contains(SECRET));
        }
    }

    /** Stopped, failed-closed and logged statements, a masked parameter, and every wrapper's toString. */
    private static void exercise(Connection c, LeakCapture seen) throws SQLException {
        seen.add(c);
        try (Statement s = c.createStatement()) {
            seen.add(s);
            seen.addThrown(catchThrowableOfType(() -> s.executeUpdate(SeedSchema.DELETE_TEST_ORG), SQLException.class));
            seen.addThrown(catchThrowableOfType(() -> s.execute("DELETE FROM organizations WHERE (((("),
                    SQLException.class));
            seen.addThrown(catchThrowableOfType(() -> s.execute("DELETE FROM no_such_table WHERE id = 1"),
                    SQLException.class));
            try (ResultSet rows = s.executeQuery("SELECT id FROM organizations")) {
                seen.add(rows);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM organizations WHERE name = ? OR name = ?")) {
            // before binding: with values bound, H2's and pgjdbc's own toString show them, guarded or not
            seen.add(ps);
            ps.setString(1, "test-org");
            ps.setString(2, SECRET); // a bound value: masked in the audit trail by default
            seen.addThrown(catchThrowableOfType(ps::executeUpdate, SQLException.class));
        }
        DatabaseMetaData meta = c.getMetaData();
        seen.add(meta);
        seen.add(c.getClientInfo());
    }

    /** A login with a password on the test database, and the URLs that give it in each syntax the driver reads. */
    private record PasswordUser(TestDb db, String user, String password, Runnable drop) implements AutoCloseable {

        static PasswordUser on(TestDb db, String password) throws SQLException {
            return switch (db.database()) {
                case H2 -> {
                    db.execute("CREATE USER leak_user PASSWORD '" + password + "' ADMIN");
                    yield new PasswordUser(db, "LEAK_USER", password, () -> { });
                }
                case MARIADB -> {
                    String name = "leak_" + UUID.randomUUID().toString().substring(0, 8);
                    String schema = schemaOf(db);
                    db.execute("CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + password + "'",
                            "GRANT ALL ON " + schema + ".* TO '" + name + "'@'%'");
                    yield new PasswordUser(db, name, password, () -> {
                        try {
                            db.execute("DROP USER '" + name + "'@'%'");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                default -> new PasswordUser(db, "postgres", password, () -> { }); // trust: any password is taken
            };
        }

        private static String schemaOf(TestDb db) throws SQLException {
            try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery("SELECT DATABASE()")) {
                r.next();
                return r.getString(1);
            }
        }

        /** The guard URL carrying the password in each form this driver understands. */
        java.util.List<String> guardUrls() {
            String url = db.guardUrl();
            return switch (db.database()) {
                case H2 -> java.util.List.of(url + ";USER=" + user + ";PASSWORD=" + password);
                // MariaDB Connector/J reads no user:password@ before the host (see the failing URLs above)
                case MARIADB -> java.util.List.of(url.replace("user=root", "user=" + user) + "&password=" + password);
                default -> java.util.List.of(url + "&password=" + password);
            };
        }

        /** The same password once more in connection properties, as pools pass it. */
        java.util.Map<String, String> credentials() {
            return java.util.Map.of("user", user, "password", password);
        }

        DataSource dataSource() {
            String plainUrl = db.jdbcUrl();
            return switch (db.database()) {
                case H2 -> {
                    JdbcDataSource ds = new JdbcDataSource();
                    ds.setURL(plainUrl);
                    ds.setUser(user);
                    ds.setPassword(password);
                    yield ds;
                }
                case MARIADB -> {
                    try {
                        MariaDbDataSource ds = new MariaDbDataSource(plainUrl.replace("user=root", "user=" + user)
                                + "&password=" + password);
                        yield ds;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
                default -> {
                    PGSimpleDataSource ds = new PGSimpleDataSource();
                    ds.setURL(plainUrl);
                    ds.setPassword(password);
                    yield ds;
                }
            };
        }

        @Override
        public void close() {
            drop.run();
        }
    }
}
