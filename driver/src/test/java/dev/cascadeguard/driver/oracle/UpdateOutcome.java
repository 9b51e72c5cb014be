package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.GuardConnection;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import static dev.cascadeguard.report.EffectAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An UPDATE's oracle: the guard's preview, then the statement itself on a plain connection, both in one rolled-back
 * transaction; the real effect is the rows whose watched column changed (or became NULL).
 *
 * @param changed per table, the rows whose watched value changed
 * @param nulled  per table, the rows whose watched value became NULL
 */
record UpdateOutcome(CascadeReport report, SQLException failure, Map<String, Long> changed,
                     Map<String, Long> nulled) {

    long real(String table, EffectAction action) {
        return action == SET_NULL ? nulled.getOrDefault(table, 0L)
                : changed.getOrDefault(table, 0L) - nulled.getOrDefault(table, 0L);
    }

    long predicted(String table, EffectAction action) {
        return report.effects().stream().filter(e -> e.table().equalsIgnoreCase(table) && e.action() == action)
                .mapToLong(TableEffect::rows).sum();
    }

    static UpdateOutcome run(TestDb db, Map<String, String> watched, String sql, Object... params)
            throws SQLException {
        Properties off = new Properties();
        off.setProperty("guard.mode", "off");
        try (Connection c = DriverManager.getConnection(db.guardUrl(), off)) {
            c.setAutoCommit(false);
            try {
                GuardReport preview = c.unwrap(GuardConnection.class).preview(sql, params);
                assertThat(preview.assessments()).as("%s: %s", db.database(), preview.assessments())
                        .allMatch(a -> a instanceof Assessment.Estimated);
                CascadeReport report = preview.reports().isEmpty() ? null : preview.reports().get(0);
                Map<String, Map<String, String>> before = snapshot(c, watched);
                SQLException failure = null;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        ps.setObject(i + 1, params[i]);
                    }
                    ps.execute();
                } catch (SQLException e) {
                    assertThat(Oracle.isIntegrityFailure(e)).as("a constraint refused it: %s", e).isTrue();
                    failure = e;
                }
                Map<String, Long> changed = new HashMap<>();
                Map<String, Long> nulled = new HashMap<>();
                if (failure == null) {
                    Map<String, Map<String, String>> after = snapshot(c, watched);
                    before.forEach((table, rows) -> rows.forEach((id, value) -> {
                        String now = after.get(table).get(id);
                        if (!Objects.equals(value, now)) {
                            changed.merge(table, 1L, Long::sum);
                            if (now == null) {
                                nulled.merge(table, 1L, Long::sum);
                            }
                        }
                    }));
                }
                return new UpdateOutcome(report, failure, changed, nulled);
            } finally {
                c.rollback();
            }
        }
    }

    private static Map<String, Map<String, String>> snapshot(Connection c, Map<String, String> watched)
            throws SQLException {
        Map<String, Map<String, String>> all = new HashMap<>();
        for (Map.Entry<String, String> t : watched.entrySet()) {
            Map<String, String> rows = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, " + t.getValue() + " from " + t.getKey())) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
            all.put(t.getKey(), rows);
        }
        return all;
    }

}
