package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by GuardFuzzProperties: H2 overflowed its stack parsing the guard's counting query (which nests the WHERE
 * deeper than the statement itself), and the StackOverflowError reached the application from a call it never made.
 * A count the database cannot read is a count that failed: XG003, nothing run.
 */
class DeepCountQueryTest {

    @ParameterizedTest
    @ValueSource(ints = {1500, 2000, 2500, 3000})
    void aCountingQueryTooDeepForTheDatabaseFailsClosed(int nots) throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            db.execute("create table parent (id int primary key)",
                    "create table child (id int primary key, parent_id int references parent(id) on delete cascade)",
                    "create table grandchild (id int primary key, child_id int references child(id) on delete cascade)",
                    "insert into parent values (1), (2)", "insert into child values (1, 1), (2, 2)",
                    "insert into grandchild values (1, 1), (2, 2)");
            String sql = "DELETE FROM parent WHERE " + "NOT ".repeat(nots) + "id = 1";
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Properties stopAll = new Properties();
            stopAll.setProperty("guard.blockAbove", "0");
            try (Connection guarded = DriverManager.getConnection(db.guardUrl(), stopAll)) {
                // a 1 MiB stack, as most threads have: JSqlParser reads the NOTs, H2 overflows on the count
                Thread thread = new Thread(null, () -> {
                    try (Statement s = guarded.createStatement()) {
                        s.executeUpdate(sql);
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                }, "one-mib-stack", 1 << 20);
                thread.start();
                thread.join();
            }
            // XG002 where H2 reads the count, XG003 where it cannot; never H2's StackOverflowError
            assertThat(thrown.get()).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isIn("XG002", "XG003"));
            assertThat(db.count("parent")).isEqualTo(2);
            assertThat(db.count("child")).isEqualTo(2);
        }
    }
}
