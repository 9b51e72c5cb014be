package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Ways past the guard found in review, each shown closed against a real database. */
class ReviewRegressionTest {

    private static Connection guarded(TestDb db, String... keyValues) throws SQLException {
        Properties p = new Properties();
        p.setProperty("guard.logAbove", "5");
        p.setProperty("guard.confirmAbove", "15");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return DriverManager.getConnection(db.guardUrl(), p);
    }

    /** A REPLACE deletes the rows it replaces and their cascade: counted, and stopped over the threshold. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"MARIADB", "SQLITE"})
    void replaceIsCountedInsteadOfDeletingTheCascadeUnseen(TestDatabase kind) throws Exception {
        kind.assumeAvailable();
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            String sql = kind == TestDatabase.SQLITE ? "INSERT OR REPLACE INTO organizations (id, name) VALUES (1, 'x')"
                    : "REPLACE INTO organizations (id, name) VALUES (1, 'test-org')";
            try (Connection c = guarded(db); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(() -> s.executeUpdate(sql), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(e.getMessage()).contains("REPLACE removes 1 row in organizations, which cascades to 19 rows");
            }
            assertThat(counts(db)).isEqualTo(ALL);
        }
    }

    @Test
    void truncatePartitionIsRuledLikeATruncate() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create()) {
            db.execute("create table part (id int primary key) partition by range (id) "
                    + "(partition p0 values less than (100), partition p1 values less than maxvalue)",
                    "insert into part values (1), (2), (150)");
            try (Connection c = guarded(db, "guard.truncate", "BLOCK"); Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(
                        () -> s.execute("ALTER TABLE part TRUNCATE PARTITION p0"), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG002");
                assertThat(((dev.cascadeguard.driver.CascadeGuardException) e).report().decision().rule())
                        .isEqualTo("guard.truncate");
            }
            assertThat(db.count("part")).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void anUnknownNameInADropListDoesNotHideTheKnownTables(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.drop", "LOG", "guard.table.invoices.blockAbove", "0");
                 Statement s = c.createStatement()) {
                SQLException e = catchThrowableOfType(
                        () -> s.execute("DROP TABLE IF EXISTS invoices, no_such_table"), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG002");
                assertThat(e.getMessage()).contains("no_such_table");
            }
            assertThat(db.count("invoices")).isEqualTo(ALL.get("invoices"));
        }
    }

    @Test
    void aSessionCommandInABatchFailsTheBatchInsteadOfSwallowingIt() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db); Statement s = c.createStatement()) {
                s.addBatch("SET guard.allow_rows = 5");
                s.addBatch("UPDATE organizations SET name = 'renamed' WHERE id = 2");
                SQLException e = catchThrowableOfType(s::executeBatch, SQLException.class);
                assertThat(e.getMessage()).contains("on its own");
            }
            try (Statement plain = db.connection().createStatement();
                 var rs = plain.executeQuery("select count(*) from organizations where name = 'renamed'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing of the batch ran").isZero();
            }
        }
    }

    @Test
    void uncommittedDdlIsReloadedForEveryoneWhenItCommits() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            SeedSchema.create(db);
            try (Connection a = guarded(db, "guard.confirmAbove", "25"); Connection b = guarded(db, "guard.confirmAbove", "25");
                 Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
                a.setAutoCommit(false);
                sa.execute("create table payments (id int primary key, org_id int references organizations(id) "
                        + "on delete cascade)");
                sa.execute("insert into payments select g, 1 from generate_series(1, 30) g");
                // b loads the graph while a's DDL is still invisible to it
                assertThat(sb.executeUpdate("DELETE FROM order_items WHERE id = 12")).isEqualTo(1);
                a.commit();
                SQLException e = catchThrowableOfType(() -> sb.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                assertThat((Throwable) e).as("the committed cascade into payments is seen").isNotNull();
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(e.getMessage()).contains("payments");
            }
        }
    }
}
