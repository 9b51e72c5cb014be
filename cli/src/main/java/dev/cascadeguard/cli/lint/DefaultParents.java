package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether the value ON DELETE SET DEFAULT writes names a parent row. Only single-column keys whose default is a
 * literal (a number or a quoted string, with an optional PostgreSQL cast) are looked up: evaluating anything else
 * (nextval(), now()) could change the database or mean nothing outside an INSERT.
 */
final class DefaultParents {

    private static final Pattern LITERAL =
            Pattern.compile("\\(?\\s*(-?\\d+(\\.\\d+)?|'([^']|'')*')\\s*\\)?(::[A-Za-z ]+)?");

    private DefaultParents() {
    }

    static Map<ForeignKey, Boolean> find(Connection connection, Dialect dialect, FkGraph graph,
                                         Collection<ForeignKey> keys) {
        Map<ForeignKey, Boolean> found = new HashMap<>();
        for (ForeignKey fk : keys) {
            if (fk.onDelete() != FkAction.SET_DEFAULT || fk.childColumns().size() != 1) {
                continue;
            }
            TableInfo child = graph.table(fk.child());
            ColumnInfo column = child == null ? null : child.columns().get(fk.childColumns().get(0));
            if (column == null || column.defaultValue() == null
                    || !LITERAL.matcher(column.defaultValue().strip()).matches()) {
                continue;
            }
            String sql = "SELECT 1 FROM " + dialect.qualified(fk.parent()) + " WHERE "
                    + dialect.quote(fk.parentColumns().get(0)) + " = " + column.defaultValue().strip()
                    + dialect.limit(1);
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                found.put(fk, rows.next());
            } catch (SQLException notComparable) {
                // a default the parent column cannot be compared with: no finding rather than a guess
            }
        }
        return found;
    }
}
