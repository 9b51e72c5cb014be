package dev.cascadeguard.driver.parse;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.List;

/**
 * An UPDATE as the guard counts it: the target, each SET column with its new value, the WHERE. Whether it changes
 * a referenced key is decided later, against the graph; here only its shape is read.
 */
final class UpdateMapping {

    private UpdateMapping() {
    }

    static ParsedStatement.Update map(String sql, Update update) {
        Table table = update.getTable();
        List<String> columns = new ArrayList<>();
        List<SqlFragment> values = new ArrayList<>();
        for (UpdateSet set : update.getUpdateSets()) {
            ExpressionList<Column> setColumns = set.getColumns();
            ExpressionList<?> setValues = set.getValues();
            // SET (a, b) = (1, 2) pairs up; SET (a, b) = (SELECT ...) does not: its values stay unknown (null)
            boolean paired = setValues != null && setValues.size() == setColumns.size()
                    && setValues.stream().noneMatch(v -> v instanceof net.sf.jsqlparser.statement.select.Select);
            for (int i = 0; i < setColumns.size(); i++) {
                columns.add(Identifiers.unquote(setColumns.get(i).getColumnName()));
                values.add(paired ? SqlFragments.fromRendered(((Expression) setValues.get(i)).toString()) : null);
            }
        }
        boolean joined = update.getFromItem() != null || (update.getJoins() != null && !update.getJoins().isEmpty())
                || (update.getStartJoins() != null && !update.getStartJoins().isEmpty())
                || update.getOrderByElements() != null || update.getLimit() != null
                // a WITH list the counting SQL would have to carry along: not counted either
                || (update.getWithItemsList() != null && !update.getWithItemsList().isEmpty());
        String reference = table.getAlias() != null ? table.getAlias().getName() : table.getFullyQualifiedName();
        return new ParsedStatement.Update(sql, StatementMapper.tableName(table), table.toString(), reference,
                columns, values, update.getWhere() == null ? null : SqlFragments.fromRendered(update.getWhere().toString()),
                joined);
    }
}
