package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard's counting runs inside the user's transaction (autocommit off) and must leave it as it found it, on the
 * two servers where that is hard: PostgreSQL, where any failed statement aborts the transaction unless a savepoint
 * wraps it, and MariaDB, where the count takes locks. An estimate that fails (permission denied, a timeout, a
 * cancel) leaves the transaction usable with the user's own uncommitted work in it; isolation level and read-only
 * flag are the user's, and a read-only transaction's DELETE gets the database's own error. Open statements:
 * {@link GuardStatementLeakTest}.
 */
class TransactionSafetyTest {

    static void schema(TestDb db) throws SQLException {
        db.execute("create table parent (id int primary key, name varchar(20))",
                "create table child (id int primary key, parent_id int not null, "
                        + "foreign key (parent_id) references parent (id) on delete cascade)",
                "insert into parent (id, name) values (1, 'a'), (2, 'b'), (3, 'c')",
                "insert into child (id, parent_id) values (1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3)");
    }

    /** The user's uncommitted row is still there and the transaction takes more statements. */
    static void assertUsable(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from parent where id = 1000")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the user's uncommitted insert").isEqualTo(1);
        }
        try (Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("update parent set name = 'later' where id = 1000")).isEqualTo(1);
        }
    }

    static Properties settings(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    /** {@code sql} fails on {@code s} with {@code state}, its message containing {@code part} (in any case). */
    static void assertFails(Statement s, String sql, String state, String part) {
        assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state);
            assertThat(e.getMessage()).containsIgnoringCase(part);
        });
    }

    /** In a transaction holding the user's own insert, deleting parent 1 fails; the transaction goes on. */
    static void deleteFailsAndTransactionGoesOn(Connection c, String state, String part) throws SQLException {
        c.setAutoCommit(false);
        insertMine(c);
        try (Statement s = c.createStatement()) {
            assertFails(s, "delete from parent where id = 1", state, part);
        }
        assertUsable(c);
    }

    static void insertMine(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("insert into parent (id, name) values (1000, 'mine')");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void anEstimateDeniedOnAChildTableLeavesTheTransactionUsable(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            schema(db);
            // MariaDB shows a foreign key in information_schema only to a user with some right on its table: this
            // user may insert into child, not read it (with no right at all the key, and the cascade, are invisible)
            try (LimitedUser user = LimitedUser.create(db, "parent", "child")) {
                // fail closed: XG003, and the transaction goes on
                try (Connection c = DriverManager.getConnection(user.guardUrl())) {
                    deleteFailsAndTransactionGoesOn(c, "XG003", "child");
                    c.commit();
                }
                assertThat(db.count("parent where id = 1000")).isEqualTo(1);
                assertThat(db.count("child")).isEqualTo(6);

                // guard.onEstimateError=ALLOW: the DELETE runs next, in the same transaction, which must not be aborted
                try (Connection c = DriverManager.getConnection(user.guardUrl(),
                        settings("guard.onEstimateError", "ALLOW"))) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("insert into parent (id, name) values (1001, 'mine too')");
                        assertThat(s.executeUpdate("delete from parent where id = 1")).isEqualTo(1);
                    }
                    c.commit();
                }
                assertThat(db.count("parent where id in (1, 1001)")).isEqualTo(1);
                assertThat(db.count("child")).as("the cascade ran").isEqualTo(3);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void anEstimateThatTimesOutLeavesTheTransactionUsable(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            schema(db);
            try (Connection blocker = db.open();
                 Connection c = DriverManager.getConnection(db.guardUrl(), settings("guard.estimateTimeoutMs", "1000"))) {
                lockChildren(database, blocker);
                deleteFailsAndTransactionGoesOn(c, "XG003", "guard.estimateTimeoutMs");
                blocker.rollback();
                // the lock gone, the same DELETE is counted and runs in the same transaction
                try (Statement s = c.createStatement()) {
                    assertThat(s.executeUpdate("delete from parent where id = 1")).isEqualTo(1);
                }
                c.commit();
            }
            assertThat(db.count("parent where id in (1, 1000)")).isEqualTo(1);
            assertThat(db.count("child")).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aCancelWhileTheGuardCountsStopsTheStatementAndLeavesTheTransactionUsable(TestDatabase database)
            throws Exception {
        for (String onEstimateError : new String[]{"BLOCK", "ALLOW"}) {
            try (TestDb db = database.create()) {
                schema(db);
                Properties p = settings("guard.estimateTimeoutMs", "20000", "guard.onEstimateError", onEstimateError);
                ExecutorService executor = Executors.newSingleThreadExecutor();
                try (Connection blocker = db.open(); Connection c = DriverManager.getConnection(db.guardUrl(), p);
                     Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    insertMine(c);
                    long session = sessionId(database, c);
                    lockChildren(database, blocker);
                    Future<Integer> delete = executor.submit(() -> s.executeUpdate("delete from parent where id = 1"));
                    awaitLockWait(database, db.connection(), session);
                    s.cancel();
                    assertThatThrownBy(() -> delete.get(60, TimeUnit.SECONDS)).as(onEstimateError)
                            .isInstanceOf(ExecutionException.class).cause()
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                                    .as(e.toString()).isIn("57014", "70100"));
                    blocker.rollback();
                    assertUsable(c);
                    c.commit();
                } finally {
                    executor.shutdownNow();
                }
                assertThat(db.count("parent where id in (1, 1000)")).as(onEstimateError).isEqualTo(2);
                assertThat(db.count("child")).as(onEstimateError).isEqualTo(6);
            }
        }
    }

    private static long sessionId(TestDatabase database, Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(database == TestDatabase.POSTGRES ? "select pg_backend_pid()"
                     : "select connection_id()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits (up to a minute) until the server shows {@code session} running the guard's count, held by the lock. */
    private static void awaitLockWait(TestDatabase database, Connection admin, long session) throws Exception {
        String sql = database == TestDatabase.POSTGRES
                ? "select count(*) from pg_stat_activity where pid = ? and wait_event_type = 'Lock'"
                // the count's locking read (innodb_trx's LOCK WAIT state proved unreliable under load)
                : "select count(*) from information_schema.processlist where id = ? and lower(info) like '%for update%'";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            try (PreparedStatement ps = admin.prepareStatement(sql)) {
                ps.setLong(1, session);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("session " + session + " never waited for the lock");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void isolationLevelAndReadOnlyFlagStayTheUsers(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            schema(db);
            Properties p = settings("guard.confirmAbove", "3", "guard.estimateTimeoutMs", "1000");
            int[] levels = {Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_REPEATABLE_READ,
                    Connection.TRANSACTION_SERIALIZABLE};
            String[] names = {"read committed", "repeatable read", "serializable"};
            try (Connection c = DriverManager.getConnection(db.guardUrl(), p); Connection blocker = db.open()) {
                for (int i = 0; i < levels.length; i++) {
                    c.setTransactionIsolation(levels[i]);
                    c.setAutoCommit(false);
                    insertMine(c);
                    try (Statement s = c.createStatement()) {
                        lockChildren(database, blocker); // an estimate that times out
                        assertFails(s, "delete from parent where id = 2", "XG003", "guard.estimateTimeoutMs");
                        blocker.rollback();
                        assertThat(s.executeUpdate("delete from parent where id = 3")).isEqualTo(1); // 2 rows: runs
                        assertFails(s, "delete from parent where id = 1", "XG001", ""); // 4 rows: stops
                    }
                    assertThat(c.getTransactionIsolation()).as(names[i]).isEqualTo(levels[i]);
                    assertThat(serverIsolation(database, c)).as(names[i]).isEqualTo(names[i]);
                    assertThat(c.isReadOnly()).isFalse();
                    assertUsable(c);
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
            assertThat(db.count("parent")).isEqualTo(3);
        }
    }

    private static String serverIsolation(TestDatabase database, Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(database == TestDatabase.POSTGRES ? "show transaction_isolation"
                     : "select @@session.tx_isolation")) {
            rs.next();
            return rs.getString(1).toLowerCase(java.util.Locale.ROOT).replace('-', ' ');
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aReadOnlyConnectionsDeleteGetsTheDatabasesOwnError(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            schema(db);
            try (Connection c = DriverManager.getConnection(db.guardUrl())) {
                c.setReadOnly(true);
                // autocommit off: PostgreSQL's driver applies the flag to transactions only (readOnlyMode=transaction);
                // MariaDB Connector/J keeps the flag to itself (it routes by it where it has replicas): SQL says it
                c.setAutoCommit(false);
                if (database == TestDatabase.MARIADB) {
                    try (Statement s = c.createStatement()) {
                        s.execute("set session transaction read only");
                    }
                }
                for (String delete : new String[]{"delete from parent where id = 3", "delete from child where id = 6"}) {
                    try (Statement s = c.createStatement()) {
                        assertThatThrownBy(() -> s.executeUpdate(delete)).as(delete)
                                .isInstanceOfSatisfying(SQLException.class, e -> {
                                    assertThat(e.getSQLState()).as(e.toString()).isEqualTo("25006");
                                    assertThat(e.getMessage()).doesNotContain("CascadeGuard");
                                });
                    }
                    c.rollback(); // PostgreSQL: the refused DELETE aborted the transaction, as without the guard
                }
                assertThat(c.isReadOnly()).isTrue();
            }
            assertThat(db.count("parent")).isEqualTo(3);
            assertThat(db.count("child")).isEqualTo(6);
        }
    }

    /** Another transaction holds what the count must read: PostgreSQL the whole table, MariaDB the rows. */
    static void lockChildren(TestDatabase database, Connection blocker) throws SQLException {
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
            if (database == TestDatabase.POSTGRES) {
                s.execute("lock table child in access exclusive mode");
            } else {
                s.executeQuery("select * from child for update").close();
            }
        }
    }

    /** A role (PostgreSQL) or user (MariaDB) with rights on the named tables only, dropped on close. */
    record LimitedUser(TestDb db, String name, String url) implements AutoCloseable {

        /** Full rights on {@code table}; on MariaDB also INSERT (not SELECT) on {@code insertOnly}. */
        static LimitedUser create(TestDb db, String table, String insertOnly) throws SQLException {
            String name = "cg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            String url = db.jdbcUrl();
            if (db.database() == TestDatabase.POSTGRES) {
                String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
                db.execute("create role " + name + " login", "grant usage on schema " + schema + " to " + name);
                db.execute("grant select, insert, update, delete on " + table + " to " + name);
                return new LimitedUser(db, name, url.replace("user=postgres", "user=" + name));
            }
            String schema = db.connection().getCatalog();
            db.execute("create user '" + name + "'@'%'");
            db.execute("grant select, insert, update, delete on " + schema + "." + table + " to '" + name + "'@'%'",
                    "grant insert on " + schema + "." + insertOnly + " to '" + name + "'@'%'");
            return new LimitedUser(db, name, url.replace("user=root", "user=" + name));
        }

        String guardUrl() {
            return "jdbc:guard:" + url.substring("jdbc:".length());
        }

        @Override
        public void close() throws SQLException {
            if (db.database() == TestDatabase.POSTGRES) {
                db.execute("drop owned by " + name, "drop role " + name);
            } else {
                db.execute("drop user '" + name + "'@'%'");
            }
        }
    }
}
