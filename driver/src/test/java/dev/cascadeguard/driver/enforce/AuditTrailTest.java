package dev.cascadeguard.driver.enforce;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.cascadeguard.driver.enforce.SeedSchema.AFTER_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The audit trail on logger {@code cascadeguard.audit}, read through a Logback ListAppender. */
class AuditTrailTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void stoppedStatementEmitsStoppedWithEveryField(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM order_items WHERE id = 1"); // 1 row: ALLOW, no event
                assertThat(audit.events()).isEmpty();
                SQLException e = catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
            }
            assertThat(audit.events()).singleElement().satisfies(ev -> {
                assertThat(ev.getLevel()).isEqualTo(Level.WARN);
                Map<String, String> f = SeedSchema.Audit.fieldsOf(ev);
                assertThat(f).containsEntry("event", "stopped").containsEntry("decision", "CONFIRM")
                        .containsEntry("rule", "guard.confirmAbove").containsEntry("rows", "19")
                        .containsEntry("mode", "enforce").containsEntry("statement", DELETE_TEST_ORG)
                        .doesNotContainKey("parameters").doesNotContainKey("overrideRows");
                assertThat(f.get("tables").toLowerCase())
                        .contains("organizations:delete=1", "users:delete=3", "orders:delete=4",
                                "order_items:delete=7", "invoices:delete=4");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void logLevelCascadeEmitsLogged(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("DELETE FROM organizations WHERE name = 'other-org'")).isEqualTo(1);
            }
            assertThat(db.count("organizations")).isEqualTo(1);
            assertThat(audit.fields()).singleElement().satisfies(f -> assertThat(f)
                    .containsEntry("event", "logged").containsEntry("decision", "LOG")
                    .containsEntry("rule", "guard.logAbove").containsEntry("rows", "11")
                    .containsEntry("statement", "DELETE FROM organizations WHERE name = 'other-org'"));
            assertThat(audit.events().get(0).getLevel()).isEqualTo(Level.INFO);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void overrideUseEmitsOverrideUsed(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db); Statement s = c.createStatement()) {
                c.unwrap(GuardConnection.class).allowNext(25, "ticket OPS-7");
                s.executeUpdate(DELETE_TEST_ORG);
                assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
                s.execute("SET guard.allow_rows = 11");
                s.executeUpdate("DELETE FROM organizations WHERE name = 'other-org'");
            }
            assertThat(audit.fields()).hasSize(2);
            assertThat(audit.fields().get(0)).containsEntry("event", "override-used").containsEntry("rows", "20")
                    .containsEntry("overrideRows", "25").containsEntry("overrideReason", "ticket OPS-7")
                    .containsEntry("overrideSource", "java").containsEntry("statement", DELETE_TEST_ORG);
            assertThat(audit.events().get(0).getFormattedMessage()).contains("ticket OPS-7");
            assertThat(audit.fields().get(1)).containsEntry("overrideRows", "11")
                    .containsEntry("overrideSource", "sql").containsEntry("overrideReason", "");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void parameterValuesMaskedByDefaultAndShownWhenAsked(TestDatabase kind) throws Exception {
        String sql = "DELETE FROM organizations WHERE name = ?";
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, "other-org");
                ps.executeUpdate();
                ps.setString(1, "test-org");
                SQLException e = catchThrowableOfType(ps::executeUpdate, SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(e.getMessage()).doesNotContain("test-org");
            }
            assertThat(audit.fields()).extracting(f -> f.get("event")).containsExactly("logged", "stopped");
            assertThat(audit.fields()).allSatisfy(f -> assertThat(f)
                    .containsEntry("parameters", "[?]").containsEntry("statement", sql));
            assertThat(audit.events()).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("other-org") || m.contains("test-org"));
        }
        try (TestDb db = kind.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db, "guard.auditParameters", "true");
                 PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, "other-org");
                ps.executeUpdate();
            }
            assertThat(audit.fields()).singleElement().satisfies(f -> assertThat(f)
                    .containsEntry("event", "logged").containsEntry("parameters", "[other-org]"));
        }
    }

    @Test
    void passwordNeverAppearsInEventsOrExceptions() throws Exception {
        TestDatabase.POSTGRES.assumeAvailable();
        List<String> seen = new ArrayList<>();
        try (TestDb db = TestDatabase.POSTGRES.create(); SeedSchema.Audit audit = new SeedSchema.Audit()) {
            SeedSchema.create(db);
            Properties p = SeedSchema.props("password", "secret-pw", "guard.auditParameters", "true");
            try (Connection c = DriverManager.getConnection(db.guardUrl(), p); Statement s = c.createStatement()) {
                seen.add(message(() -> s.executeUpdate(DELETE_TEST_ORG)));                      // XG001
                seen.add(message(() -> s.execute("DELETE FROM organizations WHERE ((((")));     // XG003
                seen.add(message(() -> s.execute("DELETE FROM no_such_table WHERE id = 1")));   // XG003 estimate
                s.executeUpdate("DELETE FROM organizations WHERE name = 'other-org'");         // logged
                s.execute("SET guard.allow_rows = 20");
                s.executeUpdate(DELETE_TEST_ORG);                                              // override-used
            }
            Properties bad = SeedSchema.props("password", "secret-pw", "guard.mode", "loud");
            seen.add(message(() -> DriverManager.getConnection(db.guardUrl(), bad)));
            seen.add(message(() -> DriverManager.getConnection("jdbc:guard:nosuchdb://u:secret-pw@h/db?password=secret-pw")));
            seen.add(message(() -> DriverManager.getConnection("jdbc:guard:nosuchdb:x;password=secret-pw")));
            seen.add(message(() -> DriverManager.getConnection("jdbc:guard:guard:postgresql://u:secret-pw@h/db?password=secret-pw")));
            for (ILoggingEvent ev : audit.events()) {
                seen.add(ev.getFormattedMessage());
                seen.add(SeedSchema.Audit.fieldsOf(ev).toString());
            }
            assertThat(audit.fields()).extracting(f -> f.get("event"))
                    .containsExactly("stopped", "stopped", "stopped", "logged", "override-used");
        }
        assertThat(seen).hasSize(17).doesNotContainNull().noneMatch(m -> m.contains("secret-pw"));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static String message(Call call) {
        Throwable t = catchThrowableOfType(call::run, SQLException.class);
        assertThat(t).as("expected an SQLException").isNotNull();
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }
}
