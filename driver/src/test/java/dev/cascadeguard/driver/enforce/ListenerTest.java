package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.GuardListener;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.rules.RuleAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.TEST_ORG_ROWS;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The outbound seam: listeners are told every decision (with its report) and never change one. */
class ListenerTest {

    /** Collects what it is told. Public with a no-argument constructor, so guard.listeners can name it. */
    public static final class Recorder implements GuardListener {
        static final List<GuardEvent> EVENTS = new CopyOnWriteArrayList<>();

        @Override
        public void decided(GuardEvent.Decided event) {
            EVENTS.add(event);
        }

        @Override
        public void executed(GuardEvent.Executed event) {
            EVENTS.add(event);
        }
    }

    /** A listener that always fails. */
    public static final class Broken implements GuardListener {
        @Override
        public void decided(GuardEvent.Decided event) {
            throw new IllegalStateException("listener bug");
        }
    }

    private static List<GuardEvent.Decided> decisions(List<GuardEvent> events) {
        return events.stream().filter(e -> e instanceof GuardEvent.Decided).map(e -> (GuardEvent.Decided) e).toList();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void aListenerObservesARunAStopAndAnOverrideWithTheirReports(TestDatabase kind) throws Exception {
        List<GuardEvent> events = new CopyOnWriteArrayList<>();
        try (TestDb db = kind.create();
             CascadeGuard.Registration ignored = CascadeGuard.addListener(new GuardListener() {
                 @Override
                 public void decided(GuardEvent.Decided event) {
                     events.add(event);
                 }
             })) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db, "guard.confirmAbove", "10");
                 Statement s = c.createStatement()) {
                assertThat((Throwable) catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG),
                        ConfirmationRequiredException.class)).isNotNull();
                c.unwrap(GuardConnection.class).allowNext(TEST_ORG_ROWS, "ticket OPS-1");
                s.executeUpdate(DELETE_TEST_ORG);
                s.executeUpdate("DELETE FROM order_items WHERE id = (SELECT MIN(id) FROM order_items)");
                s.executeQuery("SELECT COUNT(*) FROM organizations").close(); // not checked: no event
            }

            List<GuardEvent.Decided> seen = decisions(events);
            assertThat(seen).extracting(GuardEvent.Decided::verdict).containsExactly(GuardEvent.Verdict.STOPPED,
                    GuardEvent.Verdict.OVERRIDE_USED, GuardEvent.Verdict.ALLOWED);
            assertThat(seen.get(0).report().decision().action()).isEqualTo(RuleAction.CONFIRM);
            assertThat(seen.get(0).report().reports()).singleElement()
                    .satisfies(r -> assertThat(r.totalRows()).isEqualTo(TEST_ORG_ROWS));
            assertThat(seen.get(1).override().reason()).isEqualTo("ticket OPS-1");
            assertThat(seen.get(1).report().decision().overrideUsed()).isTrue();
            assertThat(seen.get(2).report().decision().totalRows()).isEqualTo(1);
            assertThat(counts(db).get("organizations")).isEqualTo(1);
            assertThat(seen).allSatisfy(e -> assertThat(e.checkNanos()).isPositive());
        }
    }

    @Test
    void listenersNamedInTheSettingsAreLoadedAndAFailingOneChangesNothing() throws Exception {
        Recorder.EVENTS.clear();
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            String listeners = Broken.class.getName() + ", " + Recorder.class.getName();
            try (Connection c = SeedSchema.guarded(db, "guard.listeners", listeners, "guard.confirmAbove", "10");
                 PreparedStatement p = c.prepareStatement("DELETE FROM organizations WHERE name = ?")) {
                p.setString(1, "test-org");
                ConfirmationRequiredException stopped = catchThrowableOfType(p::executeUpdate,
                        ConfirmationRequiredException.class);
                assertThat(stopped.getSQLState()).isEqualTo("XG001"); // the broken listener changed nothing
            }
            assertThat(counts(db)).isEqualTo(ALL);
            List<GuardEvent.Decided> seen = decisions(Recorder.EVENTS);
            assertThat(seen).singleElement().satisfies(e -> {
                assertThat(e.verdict()).isEqualTo(GuardEvent.Verdict.STOPPED);
                assertThat(e.parameters()).containsExactly(List.of("test-org"));
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB", "SQLITE"})
    void executionsAreReportedWithTheirDecisionAndHowTheyEnded(TestDatabase kind) throws Exception {
        List<GuardEvent> events = new CopyOnWriteArrayList<>();
        try (TestDb db = kind.create();
             CascadeGuard.Registration ignored = CascadeGuard.addListener(new GuardListener() {
                 @Override
                 public void executed(GuardEvent.Executed event) {
                     events.add(event);
                 }
             })) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, p_id int references p (id) on delete restrict)",
                    "insert into p values (1), (2)", "insert into c values (1, 1)");
            try (Connection c = DriverManager.getConnection(db.guardUrl()); Statement s = c.createStatement()) {
                s.executeUpdate("delete from p where id = 2");
                SQLException refused = catchThrowableOfType(() -> s.executeUpdate("delete from p where id = 1"),
                        SQLException.class);
                assertThat((Throwable) refused).isNotNull().isNotInstanceOf(CascadeGuardException.class); // the database's
                try (PreparedStatement p = c.prepareStatement("delete from c where id = ?")) {
                    p.setInt(1, 1);
                    p.executeUpdate();
                }
            }
            List<GuardEvent.Executed> executed = events.stream().map(e -> (GuardEvent.Executed) e).toList();
            assertThat(executed).hasSize(3);
            assertThat(executed.get(0).succeeded()).isTrue();
            assertThat(executed.get(0).report().decision().totalRows()).isEqualTo(1);
            assertThat(executed.get(1).succeeded()).isFalse();
            assertThat((Throwable) executed.get(1).failure()).isNotNull();
            assertThat(executed.get(1).report().reports().get(0).wouldFail()).isTrue();
            assertThat(executed.get(2).decision().parameters()).containsExactly(List.of(1));
            assertThat(executed).allSatisfy(e -> assertThat(e.executionNanos()).isPositive());
            assertThat(db.count("p")).isEqualTo(1);
            assertThat(db.count("c")).isZero();
        }
    }

    @Test
    void aListenerThatCannotBeLoadedFailsTheConnectionWithTheName() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            assertThatThrownBy(() -> DriverManager.getConnection(db.guardUrl(),
                    SeedSchema.props("guard.listeners", "com.example.NoSuchListener")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("com.example.NoSuchListener not found");
            assertThatThrownBy(() -> DriverManager.getConnection(db.guardUrl(),
                    SeedSchema.props("guard.listeners", String.class.getName())))
                    .hasMessageContaining("does not implement dev.cascadeguard.driver.GuardListener");
        }
    }

    @Test
    void anAssertionErrorInAListenerChangesNeitherTheDecisionNorTheResult() throws Exception {
        GuardListener asserting = new GuardListener() {
            @Override
            public void decided(GuardEvent.Decided event) {
                throw new AssertionError("a test's listener asserting the wrong thing");
            }

            @Override
            public void executed(GuardEvent.Executed event) {
                throw new AssertionError("and again");
            }
        };
        try (TestDb db = TestDatabase.H2.create(); CascadeGuard.Registration ignored = CascadeGuard.addListener(asserting)) {
            SeedSchema.create(db);
            try (Connection c = SeedSchema.guarded(db); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("DELETE FROM order_items WHERE id = 1")).isEqualTo(1);
            }
            assertThat(db.count("order_items")).isEqualTo(11);
        }
    }

    @Test
    void closingARegistrationTwiceNeverRemovesAnotherOne() throws Exception {
        List<GuardEvent> events = new CopyOnWriteArrayList<>();
        GuardListener listener = new GuardListener() {
            @Override
            public void decided(GuardEvent.Decided event) {
                events.add(event);
            }
        };
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            CascadeGuard.Registration first = CascadeGuard.addListener(listener);
            try (CascadeGuard.Registration second = CascadeGuard.addListener(listener)) {
                first.close();
                first.close();
                try (Connection c = SeedSchema.guarded(db); Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM order_items WHERE id = 1");
                }
            }
            assertThat(events).hasSize(1); // the second registration still hears it, once
        }
    }

    @Test
    void aClosedRegistrationHearsNothing() throws Exception {
        List<GuardEvent> events = new CopyOnWriteArrayList<>();
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            CascadeGuard.Registration registration = CascadeGuard.addListener(new GuardListener() {
                @Override
                public void decided(GuardEvent.Decided event) {
                    events.add(event);
                }
            });
            registration.close();
            try (Connection c = SeedSchema.guarded(db); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM order_items WHERE id = 1");
            }
            assertThat(events).isEmpty();
            assertThat(db.count("order_items")).isEqualTo(11);
        }
    }
}
