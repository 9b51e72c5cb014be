package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.GuardReport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The database as the oracle for the guard's prediction. On one guarded connection (guard.mode=off, autocommit
 * off): snapshot every declared table, {@code preview} the statement, run it, snapshot again, derive the real
 * (table, action) counts from the two snapshots, roll back. {@link #check} asserts that the prediction matches.
 * <p>
 * Real counts: DELETE = primary keys that disappeared; SET_NULL = surviving rows where a column became NULL;
 * SET_DEFAULT = surviving rows where a column changed to another non-null value (only FK actions change columns
 * during a DELETE, so any changed column is a referencing column). Table names are compared case-insensitively
 * (H2 reports upper case).
 */
final class Oracle implements AutoCloseable {

    /** One (table, action) pair, table in lower case. */
    record Key(String table, EffectAction action) {
        @Override
        public String toString() {
            return table + "/" + action;
        }
    }

    /** What happened: the prediction, the database's refusal (or null) and the real counts (empty on refusal). */
    record Outcome(TestDatabase db, String sql, List<Object> params, CascadeReport report, SQLException failure,
                   Map<Key, Long> real) {

        Map<Key, Long> predicted() {
            Map<Key, Long> m = new TreeMap<>(Oracle::compareKeys);
            for (TableEffect e : report.effects()) {
                m.merge(new Key(lower(e.table()), e.action()), e.rows(), Long::sum);
            }
            return m;
        }

        long predicted(String table, EffectAction action) {
            return predicted().getOrDefault(new Key(lower(table), action), 0L);
        }

        long real(String table, EffectAction action) {
            return real.getOrDefault(new Key(lower(table), action), 0L);
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            s.append("[").append(db).append("] ").append(sql);
            if (!params.isEmpty()) {
                s.append(" with ").append(params);
            }
            s.append("\n  predicted: ");
            for (TableEffect e : report.effects()) {
                s.append(e.table()).append('/').append(e.action()).append('=').append(e.rows())
                        .append(e.exact() ? "" : "(inexact)").append(e.capped() ? "(capped)" : "").append(' ');
            }
            s.append("wouldFail=").append(report.wouldFail());
            s.append("\n  real:      ");
            if (failure != null) {
                s.append("FAILED ").append(failure.getSQLState()).append(' ').append(firstLine(failure.getMessage()));
            } else {
                real.forEach((k, v) -> s.append(k).append('=').append(v).append(' '));
            }
            return s.toString();
        }
    }

    private record TableSpec(String name, List<String> pk) {
    }

    private final TestDb db;
    private final GuardConnection guard;
    private final Connection connection;
    private final List<TableSpec> tables = new ArrayList<>();
    /** True for statements that insert rows (REPLACE): new keys are then expected, not a broken fixture. */
    private boolean newRowsAllowed;

    /**
     * @param tables each "name:pk1,pk2" (the primary key columns); "name" alone means the key is "id". The name goes
     *               into SQL as written (quotes allowed); it is compared with the guard's names unquoted, ignoring case
     */
    static Oracle open(TestDb db, String... tables) throws SQLException {
        return new Oracle(db, tables);
    }

    private Oracle(TestDb db, String... specs) throws SQLException {
        this.db = db;
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            List<String> pk = colon < 0 ? List.of("id") : Arrays.asList(spec.substring(colon + 1).split(","));
            tables.add(new TableSpec(name, pk));
        }
        Properties p = new Properties();
        p.setProperty("guard.mode", "off");
        connection = DriverManager.getConnection(db.guardUrl(), p);
        guard = connection.unwrap(GuardConnection.class);
    }

    /**
     * For statements that insert rows as well (REPLACE): rows with keys that were not there before are allowed and
     * ignored. Give the target table a key that a new row cannot reproduce (a stamp column the statement leaves to
     * its default), so that a row replaced by one with the same primary key counts as deleted, as it is.
     */
    Oracle allowingNewRows() {
        newRowsAllowed = true;
        return this;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** Runs the oracle procedure and asserts that the guard's prediction equals what the database did. */
    Outcome check(String sql, Object... params) throws SQLException {
        Outcome o = run(sql, params);
        assertMatches(o);
        return o;
    }

    /** Runs the oracle procedure (always rolled back) without asserting. */
    Outcome run(String sql, Object... params) throws SQLException {
        return runInTransaction(List.of(), sql, params);
    }

    /** Makes the guard reload the FK graph (after DDL on another connection). */
    void refreshMetadata() throws SQLException {
        guard.refreshMetadata();
    }

    /** The guard's preview alone. */
    GuardReport preview(String sql, Object... params) throws SQLException {
        return guard.preview(sql, params);
    }

    /** {@link #run}, after {@code first} statements executed (uncommitted) in the same transaction. */
    Outcome runInTransaction(List<String> first, String sql, Object... params) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                for (String f : first) {
                    s.execute(f);
                }
            }
            Map<String, Map<String, Map<String, String>>> before = snapshot();
            GuardReport preview = guard.preview(sql, params);
            List<CascadeReport> reports = preview.reports();
            if (reports.size() != 1) {
                fail("[%s] %s: expected one counted report, got %s", db.database(), sql, preview.assessments()
                        .stream().map(a -> a instanceof Assessment.Unverifiable u ? "Unverifiable: " + u.problem()
                                : a.toString()).toList());
            }
            SQLException failure = null;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.execute();
            } catch (SQLException e) {
                if (!isIntegrityFailure(e)) {
                    throw new AssertionError("[" + db.database() + "] " + sql + ": the statement failed for a reason "
                            + "other than a constraint (a broken test, or the guard broke it): " + e, e);
                }
                failure = e;
            }
            Map<Key, Long> real = new TreeMap<>(Oracle::compareKeys);
            if (failure == null) {
                real.putAll(diff(before, snapshot(), newRowsAllowed));
            }
            return new Outcome(db.database(), sql, Arrays.asList(params), reports.get(0), failure, real);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /**
     * {@link #run} for a JDBC batch. The guard's decision on the batch is read from a second guarded connection
     * that stops any batch (guard.confirmAbove=0: the exception carries the report the rules saw), then the batch
     * runs on this connection and is rolled back. Nothing else may change the database meanwhile.
     */
    Outcome runBatch(List<String> statements) throws SQLException {
        CascadeReport report = batchReport(statements);
        String sql = String.join(";\n", statements);
        connection.setAutoCommit(false);
        try {
            Map<String, Map<String, Map<String, String>>> before = snapshot();
            SQLException failure = null;
            try (Statement s = connection.createStatement()) {
                for (String statement : statements) {
                    s.addBatch(statement);
                }
                s.executeBatch();
            } catch (SQLException e) {
                if (!isIntegrityFailure(e) && !(e.getCause() instanceof SQLException c && isIntegrityFailure(c))) {
                    throw new AssertionError("[" + db.database() + "] " + sql + ": the batch failed: " + e, e);
                }
                failure = e;
            }
            Map<Key, Long> real = new TreeMap<>(Oracle::compareKeys);
            if (failure == null) {
                real.putAll(diff(before, snapshot(), newRowsAllowed));
            }
            return new Outcome(db.database(), sql, List.of(), report, failure, real);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private CascadeReport batchReport(List<String> statements) throws SQLException {
        Properties p = new Properties();
        p.setProperty("guard.confirmAbove", "0");
        p.setProperty("guard.logAbove", "0");
        try (Connection stopping = DriverManager.getConnection(db.guardUrl(), p);
             Statement s = stopping.createStatement()) {
            for (String statement : statements) {
                s.addBatch(statement);
            }
            s.executeBatch();
        } catch (dev.cascadeguard.driver.CascadeGuardException stopped) {
            List<CascadeReport> reports = stopped.report().reports();
            if (reports.size() != 1) {
                fail("[%s] %s: expected one counted report for the batch, got %s", db.database(), statements,
                        stopped.report().assessments());
            }
            return reports.get(0);
        }
        throw new AssertionError("[" + db.database() + "] the guard let a batch through with confirmAbove=0: "
                + statements);
    }

    /** Pins a real count the test expects, so a broken fixture cannot make the comparison vacuous. */
    static void expectReal(Outcome o, String table, EffectAction action, long rows) {
        assertThat(o.real(table, action)).as("fixture sanity: real %s %s\n%s", table, action, o.describe())
                .isEqualTo(rows);
    }

    /** Every exact predicted count equals the real one, every real effect is predicted, wouldFail ⇔ failure. */
    static void assertMatches(Outcome o) {
        assertMatches(o, true);
    }

    /**
     * For RESTRICT / NO ACTION cases whose outcome depends on the engine's execution order (a restricting row
     * that the same statement also deletes; docs/database-semantics.md §1): the guard is designed to fail
     * conservatively there, so only "the database refused ⇒ wouldFail" is asserted, plus every count when the
     * statement ran. A false alarm (wouldFail, but the database accepted) is printed, not failed.
     */
    static void assertSound(Outcome o) {
        if (o.report().wouldFail() && o.failure() == null) {
            System.out.println("conservative false alarm (order-dependent case):\n" + o.describe());
        }
        assertMatches(o, false);
    }

    private static void assertMatches(Outcome o, boolean exactFailure) {
        String where = o.describe();
        if (exactFailure) {
            assertThat(o.report().wouldFail())
                    .as("wouldFail must equal 'the database refused the statement'\n%s", where)
                    .isEqualTo(o.failure() != null);
        } else if (o.failure() != null) {
            assertThat(o.report().wouldFail())
                    .as("the database refused the statement: wouldFail must be true\n%s", where).isTrue();
        }
        List<Key> seen = new ArrayList<>();
        for (TableEffect e : o.report().effects()) {
            Key k = new Key(lower(e.table()), e.action());
            assertThat(seen).as("duplicate effect %s\n%s", k, where).doesNotContain(k);
            seen.add(k);
        }
        if (o.failure() != null) {
            return; // the statement was rolled back: there is nothing to count
        }
        for (TableEffect e : o.report().effects()) {
            if (e.action() == EffectAction.RESTRICT) {
                continue;
            }
            long real = o.real(e.table(), e.action());
            if (e.exact() && !e.capped()) {
                assertThat(e.rows()).as("%s %s: predicted %d rows, database %d\n%s", e.table(), e.action(),
                        e.rows(), real, where).isEqualTo(real);
            } else {
                assertThat(e.rows()).as("%s %s: lower bound %d above the real %d\n%s", e.table(), e.action(),
                        e.rows(), real, where).isLessThanOrEqualTo(real);
            }
        }
        Map<Key, Long> predicted = o.predicted();
        o.real().forEach((k, v) -> assertThat(predicted).as("real effect %s=%d not predicted\n%s", k, v, where)
                .containsKey(k));
    }

    /**
     * A refusal by a constraint: SQLState class 23 (PG, H2, MariaDB 1451), SQLite's SQLITE_CONSTRAINT (19), or
     * MariaDB's cascade depth limit (1296 "Got error 193 ... FOREIGN KEY ... from InnoDB", docs §2), or the SQL
     * standard's "triggered data change violation" (27000: HSQLDB, when one statement's referential actions both
     * delete and update a row, docs §11).
     */
    static boolean isIntegrityFailure(SQLException e) {
        String state = e.getSQLState();
        String message = String.valueOf(e.getMessage());
        return (state != null && (state.startsWith("23") || state.equals("27000")))
                || (e.getErrorCode() == 19 && message.contains("constraint"))
                || (e.getErrorCode() == 1296 && message.contains("FOREIGN KEY"));
    }

    private Map<String, Map<String, Map<String, String>>> snapshot() throws SQLException {
        Map<String, Map<String, Map<String, String>>> all = new LinkedHashMap<>();
        for (TableSpec t : tables) {
            Map<String, Map<String, String>> rows = new HashMap<>();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select * from " + t.name())) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.put(lower(md.getColumnLabel(i)), v == null ? null : v.toString());
                    }
                    StringBuilder key = new StringBuilder();
                    for (String c : t.pk()) {
                        key.append(row.get(lower(c))).append('|');
                    }
                    Map<String, String> old = rows.put(key.toString(), row);
                    if (old != null) {
                        throw new IllegalStateException("duplicate key " + key + " in " + t.name());
                    }
                }
            }
            all.put(lower(t.name().replace("\"", "").replace("`", "")), rows);
        }
        return all;
    }

    private static Map<Key, Long> diff(Map<String, Map<String, Map<String, String>>> before,
                                       Map<String, Map<String, Map<String, String>>> after, boolean newRowsAllowed) {
        Map<Key, Long> real = new HashMap<>();
        before.forEach((table, rows) -> {
            Map<String, Map<String, String>> now = after.get(table);
            long deleted = 0;
            long nulled = 0;
            long defaulted = 0;
            for (Map.Entry<String, Map<String, String>> r : rows.entrySet()) {
                Map<String, String> row = now.get(r.getKey());
                if (row == null) {
                    deleted++;
                    continue;
                }
                boolean toNull = false;
                boolean toOther = false;
                for (Map.Entry<String, String> c : r.getValue().entrySet()) {
                    String v = row.get(c.getKey());
                    if (!Objects.equals(c.getValue(), v)) {
                        if (v == null) {
                            toNull = true;
                        } else {
                            toOther = true;
                        }
                    }
                }
                nulled += toNull ? 1 : 0;
                defaulted += toOther ? 1 : 0;
            }
            if (!newRowsAllowed && now.size() > rows.size() - deleted) {
                throw new IllegalStateException("rows appeared in " + table);
            }
            put(real, new Key(table, EffectAction.DELETE), deleted);
            put(real, new Key(table, EffectAction.SET_NULL), nulled);
            put(real, new Key(table, EffectAction.SET_DEFAULT), defaulted);
        });
        return real;
    }

    private static void put(Map<Key, Long> m, Key k, long v) {
        if (v > 0) {
            m.put(k, v);
        }
    }

    private static int compareKeys(Key a, Key b) {
        int c = a.table().compareTo(b.table());
        return c != 0 ? c : a.action().compareTo(b.action());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
