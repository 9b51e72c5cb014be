package dev.cascadeguard.compat.migrations;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.cascadeguard.compat.migrations.GuardedDb.assertStopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code SET guard.allow_rows_total = N} on one {@code jdbc:guard:} connection, default settings. */
class AllowRowsTotalGuardTest {

    /** Groups 1-4 of parents, each parent with its children: group g holds {@code 10 + children[g]} rows. */
    private static final int[] CHILDREN = {0, 1190, 1190, 2690, 1090};

    private static void seed(TestDb db) throws SQLException {
        db.execute("create table parent (id int primary key, grp int not null)",
                "create table child (id int primary key,"
                        + " parent_id int not null references parent (id) on delete cascade)");
        int nextChild = 1;
        for (int g = 1; g <= 4; g++) {
            int group = g;
            for (int p = 1; p <= 10; p++) {
                db.execute("insert into parent (id, grp) values (" + (g * 100 + p) + ", " + g + ")");
            }
            GuardedDb.insertRows(db.connection(), "child", nextChild, CHILDREN[g], "parent_id",
                    id -> group * 100 + 1 + id % 10);
            nextChild += CHILDREN[g];
        }
    }

    private static long rows(TestDb db, int group) throws SQLException {
        return db.count("parent where grp = " + group)
                + db.count("child where parent_id in (select id from parent where grp = " + group + ")");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void aConnectionAllowanceCoversStatementsUntilSpentAndResetEndsIt(TestDatabase database) throws Exception {
        try (TestDb db = database.create();
             Connection guarded = DriverManager.getConnection(db.guardUrl());
             Statement s = guarded.createStatement()) {
            seed(db);
            assertThat(rows(db, 1)).isEqualTo(1200);
            assertThat(rows(db, 3)).isEqualTo(2700);

            s.execute("SET guard.allow_rows_total = 5000");
            s.executeUpdate("DELETE FROM parent WHERE grp = 1");   // 1,200 rows: 3,800 left
            s.executeUpdate("DELETE FROM parent WHERE grp = 2");   // 1,200 rows: 2,600 left
            assertThat(rows(db, 1)).isZero();
            assertThat(rows(db, 2)).isZero();

            Throwable beyond = catchThrowable(() -> s.executeUpdate("DELETE FROM parent WHERE grp = 3"));
            assertStopped(beyond, "XG001", "CascadeGuard stopped this statement: it needs confirmation (XG001).",
                    "DELETE FROM parent WHERE grp = 3", "2,700 rows", "2,600");
            assertThat(rows(db, 3)).isEqualTo(2700);

            s.execute("RESET guard.allow_rows_total");
            // 1,100 rows would fit in the 2,600 left; after RESET nothing is left
            Throwable afterReset = catchThrowable(() -> s.executeUpdate("DELETE FROM parent WHERE grp = 4"));
            assertStopped(afterReset, "XG001", "DELETE FROM parent WHERE grp = 4", "1,100 rows",
                    "guard.confirmAbove");
            assertThat(rows(db, 4)).isEqualTo(1100);
            assertThat(rows(db, 3)).isEqualTo(2700);
        }
    }
}
