package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.CascadeReport;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A random schema (oracle seed 176) whose counting query PostgreSQL JIT-compiled for 2.3 s while it runs in 24 ms:
 * the count ran past the default 2 s limit and planner estimates stood in. The guard turns JIT off for its own
 * query only, and the session's setting is untouched.
 */
class PostgresJitTest {

    @Test
    void countsExactlyWithinTheDefaultTimeoutAndLeavesTheSessionsJitAlone() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            try (InputStream in = getClass().getResourceAsStream("/seed176.sql")) {
                db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*\n", "")
                        .split(";\\s*\\n"));
            }
            try (Connection c = DriverManager.getConnection(db.guardUrl()); Statement s = c.createStatement()) {
                for (boolean autoCommit : new boolean[]{true, false}) {
                    c.setAutoCommit(autoCommit);
                    s.execute("SET jit = on");
                    CascadeReport r = c.unwrap(GuardConnection.class)
                            .preview("DELETE FROM t0 WHERE id % 2 = 0 AND id > 0").reports().get(0);
                    assertThat(r.exact()).as("counted, not estimated (autocommit " + autoCommit + ")").isTrue();
                    // the real database deleted t0 2, t1 12, t2 6, t3 3, t4 9, t5 9 (oracle run of seed 176)
                    assertThat(r.effects()).filteredOn(e -> e.action().name().equals("DELETE"))
                            .extracting(e -> e.table() + "=" + e.rows())
                            .containsExactlyInAnyOrder("t0=2", "t1=12", "t2=6", "t3=3", "t4=9", "t5=9");
                    try (ResultSet rs = s.executeQuery("SHOW jit")) {
                        rs.next();
                        assertThat(rs.getString(1)).as("the session's own setting").isEqualTo("on");
                    }
                    if (!autoCommit) {
                        c.rollback();
                    }
                }
            }
        }
    }
}
