package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.bind.NameBinder;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ResultSet.deleteRow()} as the DELETE it really is: {@code DELETE FROM t WHERE pk = <current row's key>},
 * so it is planned and counted like any other statement.
 */
record RowDelete(ParsedStatement.Delete statement, ParameterLog parameters) {

    static RowDelete of(ResultSet rows, Dialect dialect, NameBinder binder, String currentSchema) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        String schema = emptyToNull(meta.getSchemaName(1));
        String table = meta.getTableName(1);
        if (table == null || table.isEmpty()) {
            throw new SQLException("CascadeGuard cannot tell which table this updatable result set deletes from",
                    "XG003");
        }
        TableName name = new TableName(schema, table, true);
        TableInfo info = binder.cachedTable(name, currentSchema).orElse(null);
        if (info == null || info.primaryKey().isEmpty()) {
            throw new SQLException("CascadeGuard cannot check deleteRow() on " + name
                    + ": the table has no primary key the guard knows", "XG003");
        }
        ParameterLog parameters = new ParameterLog();
        List<String> conditions = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (String column : info.primaryKey()) {
            Object value = rows.getObject(column);
            int index = indexes.size() + 1;
            parameters.set(index, value, (ps, i) -> ps.setObject(i, value));
            conditions.add(dialect.quote(column) + " = ?");
            indexes.add(index);
        }
        TableId id = info.id();
        String qualified = dialect.qualified(id);
        String where = String.join(" AND ", conditions);
        ParsedStatement.Delete delete = new ParsedStatement.Delete("DELETE FROM " + qualified + " WHERE " + where
                + " /* ResultSet.deleteRow() */",
                List.of(new ParsedStatement.DeleteTarget(new TableName(id.schema(), id.name(), true), qualified)),
                SqlFragment.EMPTY, false, SqlFragment.of(qualified), false, new SqlFragment(where, indexes),
                SqlFragment.EMPTY);
        return new RowDelete(delete, parameters);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
