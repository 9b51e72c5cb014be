package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.CascadeGuardException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #20: the guard's counting queries bind the application's values, never splice them into SQL. A value built
 * to break out of a quoted literal (standard quotes, MySQL backslash escapes) is counted as the plain string it is:
 * the count is exact and no row is touched.
 */
class MaliciousBoundValueTest {

    private static final String BREAKOUT = "x'); DELETE FROM child; --";
    private static final String BACKSLASH_BREAKOUT = "y\\'; DELETE FROM child; -- ";
    private static final String QUOTES = "O'Brien \\ \" ` \\\\' ''";

    private static void create(TestDb db) throws SQLException {
        db.execute("create table parent (id int primary key, name varchar(100))",
                "create table child (id int primary key, parent_id int not null, "
                        + "foreign key (parent_id) references parent(id) on delete cascade on update cascade)");
        try (PreparedStatement ps = db.connection().prepareStatement("insert into parent values (?, ?)")) {
            String[] names = {"plain", BREAKOUT, QUOTES, BACKSLASH_BREAKOUT};
            for (int i = 0; i < names.length; i++) {
                ps.setInt(1, i + 1);
                ps.setString(2, names[i]);
                ps.executeUpdate();
            }
        }
        db.execute("insert into child values (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4)");
    }

    private static Connection guarded(TestDb db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("guard.confirmAbove", "1");
        p.setProperty("guard.logAbove", "0");
        return DriverManager.getConnection(db.guardUrl(), p);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void breakoutValuesAreCountedAsPlainStrings(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            create(db);
            try (Connection c = guarded(db)) {
                for (String value : new String[]{BREAKOUT, QUOTES, BACKSLASH_BREAKOUT}) {
                    // each value names exactly one parent with two children: 3 rows, over confirmAbove = 1
                    // (an UPDATE's decision counts the rewritten child rows: 2, still over it)
                    assertThat(stopped(c, "DELETE FROM parent WHERE name = ?", value)).as(value)
                            .isEqualTo("parent DELETE 1, child DELETE 2");
                    assertThat(stopped(c, "UPDATE parent SET id = id + 100 WHERE name = ?", value)).as(value)
                            .isEqualTo("parent UPDATE 1, child UPDATE_CASCADE 2");
                }
                // a breakout that matches nothing: 0 rows, so it runs, and deletes nothing
                for (String value : new String[]{"z'); DELETE FROM child; --", "z\\'; DELETE FROM child; -- "}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM parent WHERE name = ?")) {
                        ps.setString(1, value);
                        assertThat(ps.executeUpdate()).isZero();
                    }
                }
            }
            assertThat(db.count("parent")).isEqualTo(4);
            assertThat(db.count("child")).isEqualTo(8);
            assertThat(db.count("parent where id <= 4")).isEqualTo(4);
        }
    }

    /** What the guard counted for the statement it stopped: each table's action and rows. */
    private static String stopped(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            CascadeGuardException stopped = catchThrowableOfType(ps::executeUpdate, CascadeGuardException.class);
            assertThat((Throwable) stopped).as(sql + " with " + value).isNotNull();
            assertThat(stopped.getSQLState()).isEqualTo("XG001");
            return stopped.report().reports().get(0).effects().stream()
                    .map(e -> e.table().toLowerCase(Locale.ROOT) + " " + e.action() + " " + e.rows())
                    .collect(Collectors.joining(", "));
        }
    }
}
