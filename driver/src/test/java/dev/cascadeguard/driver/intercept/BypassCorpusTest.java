package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.driver.intercept.BypassCorpus.Attempt;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #20, "Nothing gets past": every attempt of {@link BypassCorpus} through every JDBC path, on each database,
 * with default settings plus a rule that stops any direct delete of {@code items}. The rows must stay, and the guard's
 * own error must say why (XG003, naming the routine, trigger or statement; 42000 for a guard setting it refuses).
 */
class BypassCorpusTest {

    /** How the application hands SQL to the driver. */
    enum JdbcPath {
        EXECUTE, EXECUTE_UPDATE, EXECUTE_QUERY, BATCH, PREPARED, PREPARED_BATCH, CALLABLE, NATIVE_SQL
    }

    private static final int ITEMS = 3;

    /**
     * The real driver refuses the SQL before anything runs: prepareCall on MariaDB takes only {call …} and SQLite has
     * no CallableStatement; pgJDBC's addBatch takes one statement at a time.
     */
    static final class NotApplicable extends SQLException {
        NotApplicable(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB", "SQLITE"})
    void nothingGetsPast(TestDatabase database, @TempDir Path scratch) throws Exception {
        List<Attempt> attempts = BypassCorpus.attempts(database, scratch);
        List<String> escaped = new ArrayList<>();
        int tries = 0;
        try (TestDb db = database.create()) {
            db.execute("CREATE TABLE items (id int PRIMARY KEY)",
                    "CREATE TABLE item_notes (id int PRIMARY KEY, item_id int REFERENCES items (id) ON DELETE CASCADE)");
            try (Connection migration = DriverManager.getConnection(db.guardUrl(), new Properties());
                 Statement s = migration.createStatement()) {
                for (Attempt attempt : attempts) {
                    for (String definition : attempt.definitions()) {
                        s.execute(definition); // with default settings a migration's definitions run
                    }
                }
            }
            Properties rules = new Properties();
            rules.setProperty("guard.table.items.blockAbove", "0");
            rules.setProperty("guard.table.item_notes.blockAbove", "0");
            for (Attempt attempt : attempts) {
                if (attempt.destroys()) { // the control: without the guard the attempt really destroys rows
                    restore(db);
                    try (Statement plain = db.connection().createStatement()) {
                        plain.execute(attempt.fire());
                    } catch (SQLException resultOfAQueryOrNone) {
                        // some drivers complain about the result after the statement ran: the counts tell
                    }
                    if (db.count("items") == ITEMS && db.count("item_notes") == ITEMS) {
                        escaped.add(database + " / control / " + attempt.name() + ": destroys nothing without the guard");
                    }
                }
                for (JdbcPath path : JdbcPath.values()) {
                    restore(db);
                    tries++;
                    SQLException stopped = null;
                    try (Connection guarded = DriverManager.getConnection(db.guardUrl(), rules)) {
                        run(guarded, path, attempt.fire());
                    } catch (NotApplicable notApplicable) {
                        tries--;
                        continue;
                    } catch (SQLException e) {
                        stopped = e;
                    }
                    String outcome = outcome(db, stopped, attempt);
                    if (outcome != null) {
                        escaped.add(database + " / " + path + " / " + attempt.name() + ": " + outcome);
                    }
                }
            }
        }
        System.out.printf("BypassCorpusTest %s: %d attempts x %d paths = %d tries%n", database, attempts.size(),
                JdbcPath.values().length, tries);
        assertThat(escaped).as("attempts that got past the guard").isEmpty();
    }

    /** Null when the rows stayed and the guard said why; otherwise what went wrong. */
    private static String outcome(TestDb db, SQLException stopped, Attempt attempt) throws SQLException {
        long items = db.count("items");
        long notes = db.count("item_notes");
        if (items != ITEMS || notes != ITEMS) {
            return "rows destroyed (items " + items + ", notes " + notes + ")"
                    + (stopped == null ? "" : " then " + stopped.getSQLState() + " " + stopped.getMessage());
        }
        if (stopped == null) {
            return "ran without a guard error";
        }
        String state = stopped.getSQLState();
        if (!"XG003".equals(state) && !"42000".equals(state)) {
            return "not the guard's error: " + state + " " + stopped.getMessage();
        }
        String message = stopped.getMessage().toLowerCase(Locale.ROOT);
        if (!message.contains(attempt.mentions())) {
            return "the message does not name '" + attempt.mentions() + "': " + stopped.getMessage();
        }
        return null;
    }

    private static void restore(TestDb db) throws SQLException {
        db.execute("DELETE FROM item_notes", "DELETE FROM items");
        for (int i = 1; i <= ITEMS; i++) {
            db.execute("INSERT INTO items (id) VALUES (" + i + ")", "INSERT INTO item_notes VALUES (" + i + ", " + i + ")");
        }
    }

    static void run(Connection c, JdbcPath path, String sql) throws SQLException {
        switch (path) {
            case EXECUTE -> {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }
            case EXECUTE_UPDATE -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(sql);
                }
            }
            case EXECUTE_QUERY -> {
                try (Statement s = c.createStatement()) {
                    s.executeQuery(sql).close();
                }
            }
            case BATCH -> {
                try (Statement s = c.createStatement()) {
                    try {
                        s.addBatch(sql);
                    } catch (SQLException refused) {
                        throw new NotApplicable(refused);
                    }
                    s.executeBatch();
                }
            }
            case PREPARED -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.execute();
                }
            }
            case PREPARED_BATCH -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.addBatch();
                    ps.executeBatch();
                }
            }
            case CALLABLE -> {
                CallableStatement cs;
                try {
                    cs = c.prepareCall(sql);
                } catch (SQLException refused) {
                    if (refused.getSQLState() != null && refused.getSQLState().startsWith("XG")) {
                        throw refused;
                    }
                    throw new NotApplicable(refused);
                }
                try (cs) {
                    cs.execute();
                }
            }
            case NATIVE_SQL -> {
                try (Statement s = c.createStatement()) {
                    s.execute(c.nativeSQL(sql));
                }
            }
        }
    }
}
