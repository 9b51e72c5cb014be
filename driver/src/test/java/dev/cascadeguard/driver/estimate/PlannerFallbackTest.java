package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.GuardReport;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** When counting runs past guard.estimateTimeoutMs, PostgreSQL's planner estimate stands in, marked not exact. */
class PlannerFallbackTest {

    @Test
    void timedOutCountFallsBackToThePlannersEstimateInsideTheUsersTransaction() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            db.execute("create table parent (id int primary key, name text)",
                    "create table child (id int primary key, parent_id int references parent on delete cascade)",
                    "insert into parent select g, 'p' || g from generate_series(1, 50) g",
                    "insert into child select g, 1 + g % 50 from generate_series(1, 500) g",
                    "analyze parent", "analyze child");
            Properties p = new Properties();
            p.setProperty("guard.estimateTimeoutMs", "500");
            try (Connection c = DriverManager.getConnection(db.guardUrl(), p)) {
                c.setAutoCommit(false);
                c.createStatement().execute("insert into parent values (1000, 'mine')");
                GuardReport report = c.unwrap(GuardConnection.class)
                        .preview("DELETE FROM parent WHERE id <= 10 AND pg_sleep(2) IS NOT NULL");
                assertThat(report.assessments()).hasSize(1).first().isInstanceOf(Assessment.Estimated.class);
                CascadeReport r = report.reports().get(0);
                assertThat(r.effects()).extracting(e -> e.table()).containsExactly("parent", "child");
                assertThat(r.effects()).allSatisfy(e -> assertThat(e.exact()).isFalse());
                assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("planner's estimates"));
                // the user's transaction is intact: its own insert is still there and it can go on
                var rs = c.createStatement().executeQuery("select count(*) from parent where id = 1000");
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                c.rollback();
            }
            assertThat(db.count("child")).isEqualTo(500);
        }
    }
}
