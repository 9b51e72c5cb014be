package dev.cascadeguard.driver.enforce;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;

import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link GuardDataSource}: guards any DataSource's connections as {@code jdbc:guard:} does, and unwraps to it. */
class GuardDataSourceTest {

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    @Test
    void wrapsAPoolAndStopsWhatItsSettingsStop() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.jdbcUrl());
            try (HikariDataSource pool = new HikariDataSource(config)) {
                GuardDataSource guarded = new GuardDataSource(pool, props("guard.confirmAbove", "10"));
                try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
                    ConfirmationRequiredException e = catchThrowableOfType(() -> s.execute(DELETE_TEST_ORG),
                            ConfirmationRequiredException.class);
                    assertThat(e.getMessage()).contains("20 rows > guard.confirmAbove (10)");
                    assertThat(c.isWrapperFor(GuardConnection.class)).isTrue();
                }
                assertThat(counts(db)).isEqualTo(ALL);
                assertThat(guarded.unwrap(HikariDataSource.class)).isSameAs(pool);
                assertThat(guarded.isWrapperFor(HikariDataSource.class)).isTrue();
                assertThat(guarded.unwrap(DataSource.class)).isSameAs(guarded);
                assertThat(guarded.isWrapperFor(PGSimpleDataSource.class)).isFalse();
                assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero(); // the borrow was returned
            }
        }
    }

    @Test
    void wrapsAPlainDriverDataSourceOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            SeedSchema.create(db);
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(db.jdbcUrl());
            GuardDataSource guarded = new GuardDataSource(pg, props("guard.table.invoices.blockAbove", "0"));
            try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
                StatementBlockedException e = catchThrowableOfType(() -> s.execute(DELETE_TEST_ORG),
                        StatementBlockedException.class);
                assertThat(e.getSQLState()).isEqualTo("XG002");
            }
            assertThat(counts(db)).isEqualTo(ALL);
            assertThat(guarded.unwrap(PGSimpleDataSource.class)).isSameAs(pg);
        }
    }

    @Test
    void aBadSettingFailsTheConstructorWithTheKey() {
        assertThatThrownBy(() -> new GuardDataSource(new JdbcDataSource(), props("guard.confirmAbov", "10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("guard.confirmAbov");
    }

    @Test
    void closeClosesTheWrappedPool() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:close_test");
        HikariDataSource pool = new HikariDataSource(config);
        new GuardDataSource(pool).close();
        assertThat(pool.isClosed()).isTrue();
    }
}
