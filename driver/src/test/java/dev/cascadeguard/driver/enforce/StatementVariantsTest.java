package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.cascadeguard.driver.enforce.SeedSchema.AFTER_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.ALL;
import static dev.cascadeguard.driver.enforce.SeedSchema.DELETE_TEST_ORG;
import static dev.cascadeguard.driver.enforce.SeedSchema.counts;
import static dev.cascadeguard.driver.enforce.SeedSchema.guarded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every way a DELETE reaches the driver is checked; session command spellings; thresholds beyond the basics. */
class StatementVariantsTest {

    private interface Call {
        Object run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void everyExecutePathIsGuarded(TestDatabase kind) throws Exception {
        String d = DELETE_TEST_ORG;
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db); Statement s = c.createStatement()) {
                Map<String, Call> calls = new LinkedHashMap<>();
                calls.put("executeUpdate(sql, int)", () -> s.executeUpdate(d, Statement.RETURN_GENERATED_KEYS));
                calls.put("executeUpdate(sql, int[])", () -> s.executeUpdate(d, new int[]{1}));
                calls.put("executeUpdate(sql, String[])", () -> s.executeUpdate(d, new String[]{"id"}));
                calls.put("execute(sql, int)", () -> s.execute(d, Statement.RETURN_GENERATED_KEYS));
                calls.put("execute(sql, int[])", () -> s.execute(d, new int[]{1}));
                calls.put("execute(sql, String[])", () -> s.execute(d, new String[]{"id"}));
                calls.put("executeLargeUpdate(sql)", () -> s.executeLargeUpdate(d));
                calls.put("executeLargeUpdate(sql, int)", () -> s.executeLargeUpdate(d, Statement.NO_GENERATED_KEYS));
                calls.put("executeQuery(sql)", () -> s.executeQuery(d));
                calls.put("executeLargeBatch", () -> {
                    s.clearBatch();
                    s.addBatch(d);
                    return s.executeLargeBatch();
                });
                calls.put("block comment", () -> s.executeUpdate("/* job 7 */ " + d));
                calls.put("line comment", () -> s.executeUpdate("-- job 7\n" + d));
                calls.put("lower case", () -> s.executeUpdate(d.toLowerCase()));
                calls.put("upper-case table", () -> s.executeUpdate(d.replace("organizations", "ORGANIZATIONS")));
                calls.put("alias", () -> s.executeUpdate("DELETE FROM organizations o WHERE o.name = 'test-org'"));
                calls.put("subquery", () -> s.executeUpdate(
                        "DELETE FROM organizations WHERE id IN (SELECT org_id FROM users WHERE email = 'a@t')"));
                calls.put("multi-statement", () -> s.execute("SELECT 1; " + d));
                calls.put("prepared executeLargeUpdate", () -> prepared(c, d, ps -> ps.executeLargeUpdate()));
                calls.put("prepared with keys", () -> {
                    try (PreparedStatement ps = c.prepareStatement(d, Statement.RETURN_GENERATED_KEYS)) {
                        return ps.executeUpdate();
                    }
                });
                calls.put("prepared with column names", () -> {
                    try (PreparedStatement ps = c.prepareStatement(d, new String[]{"id"})) {
                        return ps.executeUpdate();
                    }
                });
                calls.put("prepared executeQuery", () -> prepared(c, d, PreparedStatement::executeQuery));
                calls.put("prepared execute", () -> prepared(c, d, PreparedStatement::execute));
                calls.put("callable", () -> {
                    try (CallableStatement cs = c.prepareCall(d)) {
                        return cs.executeUpdate();
                    }
                });
                calls.put("updatable ResultSet.deleteRow", () -> {
                    try (Statement u = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
                         ResultSet rs = u.executeQuery("SELECT id, name FROM organizations WHERE id = 1")) {
                        rs.next();
                        rs.deleteRow();
                        return "deleted";
                    }
                });
                if (kind == TestDatabase.POSTGRES) {
                    calls.put("data-modifying CTE", () -> s.execute(
                            "WITH x AS (DELETE FROM organizations WHERE name = 'test-org' RETURNING id) SELECT count(*) FROM x"));
                    calls.put("DELETE RETURNING via executeQuery", () -> s.executeQuery(d + " RETURNING id"));
                    calls.put("schema-qualified quoted", () -> s.executeUpdate(
                            "DELETE FROM \"" + c.getSchema() + "\".\"organizations\" WHERE name = 'test-org'"));
                }
                Map<String, String> states = new LinkedHashMap<>();
                for (Map.Entry<String, Call> call : calls.entrySet()) {
                    SQLException e = catchThrowableOfType(() -> call.getValue().run(), SQLException.class);
                    states.put(call.getKey(), e == null ? "ran" : e.getSQLState());
                    assertThat(counts(db)).as(call.getKey()).isEqualTo(ALL);
                }
                assertThat(states).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo("XG001"));
            }
        }
    }

    private interface PsCall {
        Object run(PreparedStatement ps) throws SQLException;
    }

    private static Object prepared(Connection c, String sql, PsCall call) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return call.run(ps);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void sessionCommandSpellings(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db); Statement s = c.createStatement()) {
                for (String set : new String[]{"SET guard.allow_rows TO 20", "set GUARD.ALLOW_ROWS=20",
                        "SET guard.allow_rows = 20;", "/* ok */ SET guard.allow_rows = 20", "SET guard.allow_rows = '20'"}) {
                    c.setAutoCommit(false);
                    assertThat(s.execute(set)).as(set).isFalse();
                    assertThat(s.executeUpdate(DELETE_TEST_ORG)).as(set).isEqualTo(1); // covered by the override
                    c.rollback();
                    c.setAutoCommit(true);
                    assertThat(counts(db)).as(set).isEqualTo(ALL);
                }
                s.execute("SET guard.allow_rows TO 20");
                s.executeUpdate(DELETE_TEST_ORG);
                assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
                for (String bad : new String[]{"SET guard.allow_rows = -1", "SET guard.allow_rows = lots",
                        "SET guard.allow_rows = 99999999999999999999", "SET guard.confirmAbove = 100000"}) {
                    SQLException e = catchThrowableOfType(() -> s.execute(bad), SQLException.class);
                    assertThat((Throwable) e).as(bad).isNotNull().isNotInstanceOf(CascadeGuardException.class);
                    assertThat(e.getSQLState()).as(bad).isEqualTo("42000");
                    assertThat(e.getMessage()).as(bad).contains("guard.");
                }
                s.addBatch("SET guard.allow_rows = 20");
                s.addBatch("DELETE FROM order_items WHERE id = 1");
                SQLException inBatch = catchThrowableOfType(s::executeBatch, SQLException.class);
                assertThat(inBatch.getMessage()).contains("must be executed on its own");
                assertThat(db.count("order_items")).isEqualTo(4);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void globalBlockAboveFailsWithXg002EvenWithAnOverride(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.blockAbove", "18"); Statement s = c.createStatement()) {
                s.execute("SET guard.allow_rows = 100");
                SQLException e = catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG002");
                assertThat(((CascadeGuardException) e).report().decision().rule()).isEqualTo("guard.blockAbove");
                assertThat(counts(db)).isEqualTo(ALL);
                // 11 rows: under blockAbove, over logAbove → runs
                assertThat(s.executeUpdate("DELETE FROM organizations WHERE name = 'other-org'")).isEqualTo(1);
            }
        }
    }

    @Test
    void estimateTimeoutFallsBackToThePlannerAndKeepsTheTransactionOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.estimateTimeoutMs", "300"); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO order_items VALUES (100, 1, 'tx')");
                String slow = "DELETE FROM order_items WHERE id = (SELECT 1 FROM pg_sleep(3))";
                GuardReport preview = c.unwrap(GuardConnection.class).preview(slow);
                assertThat(preview.reports()).singleElement().satisfies(r -> {
                    assertThat(r.exact()).isFalse();
                    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("planner's estimates"));
                });
                // the planner's estimate (one row) is under every threshold: the statement runs
                assertThat(s.executeUpdate(slow)).isEqualTo(1);
                c.commit(); // the user's transaction survived the cancelled counts
                assertThat(db.count("order_items")).isEqualTo(12);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void ddlThroughAGuardedConnectionRefreshesTheGraphForOthers(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.confirmAbove", "25"); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM order_items WHERE id = 12"); // graph cached
                try (Connection other = guarded(db); Statement o = other.createStatement()) {
                    o.execute("create table payments (id int primary key, org_id int references organizations(id) on delete cascade)");
                }
                db.execute(paymentsInsert());
                SQLException e = catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(e.getMessage()).containsIgnoringCase("payments");
                assertThat(db.count("payments")).isEqualTo(30);
            }
        }
    }

    /**
     * BUG: GraphCache treats a TTL of 0 as "never stale" ({@code ttlNanos == 0 || ...} in fresh()), the opposite
     * of GuardSettings' documented "0 = read metadata every time": the graph is cached until invalidated.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void metadataTtlZeroSeesDdlMadeOutsideTheGuard(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.confirmAbove", "25", "guard.metadataTtlSeconds", "0");
                 Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM order_items WHERE id = 12");
                db.execute("create table payments (id int primary key, org_id int references organizations(id) on delete cascade)",
                        paymentsInsert());
                SQLException e = catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(db.count("payments")).isEqualTo(30);
            }
        }
    }

    @Test
    void metadataTtlExpirySeesDdlMadeOutsideTheGuard() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db, "guard.confirmAbove", "25", "guard.metadataTtlSeconds", "1");
                 Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM order_items WHERE id = 12");
                db.execute("create table payments (id int primary key, org_id int references organizations(id) on delete cascade)",
                        paymentsInsert());
                Thread.sleep(1_100);
                SQLException e = catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                assertThat((Throwable) e).as("graph reloaded after the TTL").isNotNull();
                assertThat(e.getSQLState()).isEqualTo("XG001");
                assertThat(db.count("payments")).isEqualTo(30);
            }
        }
    }

    /**
     * Every connection's own guard.metadataTtlSeconds is honoured, not that of the first connection to the
     * database: the graph cached for a 300-second connection does not hide DDL from a 0-second one.
     */
    @Test
    void eachConnectionHonoursItsOwnMetadataTtl() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            try (Connection first = guarded(db, "guard.metadataTtlSeconds", "300"); Statement f = first.createStatement()) {
                f.executeUpdate("DELETE FROM order_items WHERE id = 12"); // the shared graph, cached for 300 s
                db.execute("create table payments (id int primary key, org_id int references organizations(id) on delete cascade)",
                        paymentsInsert());
                try (Connection c = guarded(db, "guard.confirmAbove", "25", "guard.metadataTtlSeconds", "0");
                     Statement s = c.createStatement()) {
                    SQLException e = catchThrowableOfType(() -> s.executeUpdate(DELETE_TEST_ORG), SQLException.class);
                    assertThat((Throwable) e).as("the 0-second connection read the catalog again").isNotNull();
                    assertThat(e.getSQLState()).isEqualTo("XG001");
                    assertThat(e.getMessage()).containsIgnoringCase("payments");
                }
                assertThat(db.count("payments")).isEqualTo(30);
            }
        }
    }

    private static String paymentsInsert() {
        StringBuilder ins = new StringBuilder("insert into payments values (1, 1)");
        for (int i = 2; i <= 30; i++) {
            ins.append(", (").append(i).append(", 1)");
        }
        return ins.toString();
    }

    /**
     * BUG: a capped count (bounded counting stops at max(thresholds, override) + 1) is shown as the override to
     * give; giving it raises the cap by one, so the count is capped again and the statement is stopped again.
     * Following the message's own advice never lets a statement larger than the cap run.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void theSuggestedOverrideLetsACappedStatementRun(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table big (id int primary key)",
                    "insert into big select x from system_range(1, 100)".replace("system_range(1, 100)",
                            kind == TestDatabase.H2 ? "system_range(1, 100)" : "generate_series(1, 100) x"));
            try (Connection c = guarded(db); Statement s = c.createStatement()) {
                ConfirmationRequiredException e = catchThrowableOfType(
                        () -> s.executeUpdate("DELETE FROM big WHERE id > 0"), ConfirmationRequiredException.class);
                String advice = e.getMessage().replaceAll("(?s).*(SET guard\\.allow_rows = \\d+).*", "$1");
                s.execute(advice);
                assertThat(s.executeUpdate("DELETE FROM big WHERE id > 0")).isEqualTo(100);
            }
        }
    }

    /**
     * BUG: prepareStatement("SET guard.allow_rows = N") hands the text to the real driver's prepareStatement
     * before the guard consumes it; H2 parses at prepare time and rejects it with a syntax error. The contract
     * says the command is never sent to the database.
     */
    @Test
    void preparedSessionCommandNeverReachesTheDatabase() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db)) {
                try (PreparedStatement ps = c.prepareStatement("SET guard.allow_rows = 20")) {
                    assertThat(ps.execute()).isFalse();
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(DELETE_TEST_ORG);
                }
                assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
            }
        }
    }

    @Test
    void preparedSessionCommandIsConsumedOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            SeedSchema.create(db);
            try (Connection c = guarded(db)) {
                try (PreparedStatement ps = c.prepareStatement("SET guard.allow_rows = 20")) {
                    assertThat(ps.execute()).isFalse();
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(DELETE_TEST_ORG);
                }
                assertThat(counts(db)).isEqualTo(AFTER_TEST_ORG);
            }
        }
    }
}
