package dev.cascadeguard.compat.migrations;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

import static dev.cascadeguard.compat.migrations.GuardedDb.assertStopped;
import static dev.cascadeguard.compat.migrations.GuardedDb.quoted;
import static dev.cascadeguard.compat.migrations.GuardedDb.tableExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Flyway 13 over the guard with default settings: the application only wraps its DataSource in
 * {@link GuardDataSource}. Migrations: V1 (tables customers -> orders -> order_items with ON DELETE CASCADE, a view,
 * an index, a sequence; on PostgreSQL also an enum type, a domain and a function), V2 (1,200 + 1,200 + 2,400 rows),
 * and in a second location V3 ({@code DROP TABLE order_items}, 2,400 rows).
 */
class FlywayGuardTest {

    private static final String V3 = "classpath:migrations/db/migration-guard-v3";

    private static String schemaLocation(TestDb db) {
        return "classpath:migrations/db/migration-guard-" + db.database().name().toLowerCase(Locale.ROOT);
    }

    private static Flyway flyway(DataSource dataSource, String... locations) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations)
                .cleanDisabled(false)
                .load();
    }

    private static void assertSeeded(TestDb db) throws SQLException {
        assertThat(db.count("customers")).isEqualTo(1200);
        assertThat(db.count("orders")).isEqualTo(1200);
        assertThat(db.count("order_items")).isEqualTo(2400);
    }

    /** Rows of flyway_schema_history for this version that say success, read through the plain connection. */
    private static long successfulHistoryRows(TestDb db, String version) throws SQLException {
        String sql = "select count(*) from " + quoted(db, "flyway_schema_history") + " where "
                + quoted(db, "version") + " = '" + version + "' and " + quoted(db, "success") + " = true";
        try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** No table or view of the shop left; on PostgreSQL no type, domain, function or sequence either. */
    private static void assertCleaned(TestDb db) throws SQLException {
        for (String table : new String[]{"customers", "orders", "order_items", "customer_orders",
                "flyway_schema_history"}) {
            assertThat(tableExists(db, table)).as(table + " after clean").isFalse();
        }
        if (db.database() == TestDatabase.POSTGRES) {
            String sql = "select (select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace"
                    + "   where n.nspname = current_schema() and t.typname in ('order_state', 'sku_code'))"
                    + " + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                    + "   where n.nspname = current_schema() and p.proname = 'order_count')"
                    + " + (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + "   where n.nspname = current_schema() and c.relname = 'invoice_numbers')";
            try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                assertThat(rs.getLong(1)).as("types, domain, function and sequence left after clean").isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void migrateRunsAndALaterDropOfAPopulatedTableIsStopped(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            DataSource guarded = GuardedDb.guarded(db);

            MigrateResult result = flyway(guarded, schemaLocation(db)).migrate();
            assertThat(result.migrationsExecuted).isEqualTo(2);
            assertSeeded(db);
            assertThat(tableExists(db, "customer_orders")).isTrue();

            Flyway withV3 = flyway(guarded, schemaLocation(db), V3);
            Throwable thrown = catchThrowable(withV3::migrate);

            assertStopped(thrown, "XG001", "CascadeGuard stopped this statement: it needs confirmation (XG001).",
                    "DROP TABLE order_items", "2,400", "guard.confirmAbove");
            assertThat(tableExists(db, "order_items")).isTrue();
            assertSeeded(db);
            assertThat(successfulHistoryRows(db, "3")).isZero();
            assertThat(successfulHistoryRows(db, "2")).isEqualTo(1);
            MigrationInfo v3 = Arrays.stream(withV3.info().all())
                    .filter(i -> i.getVersion() != null && "3".equals(i.getVersion().getVersion()))
                    .findFirst().orElseThrow();
            assertThat(v3.getState()).isNotEqualTo(MigrationState.SUCCESS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void cleanOfAPopulatedSchemaIsStoppedAndRunsInsideAnAllowance(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            SqlLog sent = new SqlLog();   // what the guard passes on to the database, shown in the test output
            Flyway flyway = flyway(new GuardDataSource(sent.wrap(GuardedDb.realDataSource(db))), schemaLocation(db));
            flyway.migrate();
            assertSeeded(db);
            sent.statements.clear();

            Throwable thrown;
            try (AuditEvents audit = new AuditEvents()) {
                thrown = catchThrowable(flyway::clean);
                System.out.println(database + ": clean() of a populated schema: " + thrown + audit.dump()
                        + "\n  passed on by the guard:" + sent.dump());
            }

            assertStopped(thrown, "XG001", "CascadeGuard stopped this statement: it needs confirmation (XG001).",
                    "DROP TABLE", "guard.confirmAbove");
            assertSeeded(db);

            sent.statements.clear();
            try (AuditEvents audit = new AuditEvents();
                 var scope = CascadeGuard.allow(10_000, "reset the test schema")) {
                flyway.clean();
                System.out.println(database + ": clean() inside CascadeGuard.allow:" + audit.dump()
                        + "\n  passed on by the guard:" + sent.dump());
                assertThat(audit.messages()).anyMatch(m -> m.contains("reset the test schema"));
            }
            assertCleaned(db);

            MigrateResult again = flyway.migrate();
            assertThat(again.migrationsExecuted).isEqualTo(2);
            assertSeeded(db);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void cleanOfASchemaWithFewRowsRunsWithoutAnAllowance(TestDatabase database) throws Exception {
        try (TestDb db = database.create()) {
            Flyway schemaOnly = Flyway.configure().dataSource(GuardedDb.guarded(db))
                    .locations(schemaLocation(db)).target("1").cleanDisabled(false).load();
            schemaOnly.migrate();
            db.execute("insert into customers (id, name) values (1, 'a'), (2, 'b')",
                    "insert into orders (id, customer_id) values (1, 1), (2, 2)",
                    "insert into order_items (id, order_id) values (1, 1), (2, 1), (3, 2)");

            try (AuditEvents audit = new AuditEvents()) {
                schemaOnly.clean();
                assertThat(audit.messages()).as("audit events of a few-row clean").isEmpty();
            }

            assertCleaned(db);
            assertThat(flyway(GuardedDb.guarded(db), schemaLocation(db)).migrate().migrationsExecuted).isEqualTo(2);
            assertSeeded(db);
        }
    }

    /**
     * {@code .dataSource("jdbc:guard:…", user, password)}: Flyway picks its database support from the URL. This
     * records what Flyway 13 really does with the guard's URL; the recipe is the DataSource form above.
     */
    @Test
    void guardUrlGivenToFlywayDirectly() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            Throwable thrown = catchThrowable(() -> Flyway.configure()
                    .dataSource(db.guardUrl(), null, null)
                    .locations(schemaLocation(db))
                    .load()
                    .migrate());
            // Flyway 13.12.1: FlywayException "No Flyway database plugin found to handle jdbc:guard:********. See …"
            assertThat(thrown).isInstanceOf(FlywayException.class)
                    .hasMessageContaining("No Flyway database plugin found to handle jdbc:guard:");
            assertThat(tableExists(db, "customers")).isFalse();
        }
    }
}
