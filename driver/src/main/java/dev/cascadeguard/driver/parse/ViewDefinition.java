package dev.cascadeguard.driver.parse;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape of a view's SELECT that a DELETE through the view can be mapped back from: one table (or view) in FROM,
 * nothing that merges or drops rows, and for each view column either the base column it shows unchanged or nothing
 * (an expression). Only that much is read; the view's WHERE is left to the database, which evaluates it when the
 * guard selects through the view itself.
 *
 * @param from    the one relation the view selects from, as the definition names it
 * @param columns the view's columns in order
 */
public record ViewDefinition(TableName from, List<ViewColumn> columns) {

    /**
     * @param name       the view column's name (the item's alias, else the column's own name); null for an
     *                   expression without alias
     * @param baseColumn the column of {@code from} it shows unchanged, or null when it is an expression
     */
    public record ViewColumn(String name, String baseColumn) {
    }

    public ViewDefinition {
        columns = List.copyOf(columns);
    }

    /** The definition parsed, or empty when it is not a plain single-relation SELECT the guard can map. */
    public static Optional<ViewDefinition> parse(String definition) {
        Statement statement;
        try {
            // on the caller's thread, without JSqlParser's timed "complex" parsing: a definition it cannot read
            // simply is not predicted
            CCJSqlParser parser = CCJSqlParserUtil.newParser(definition.strip().replaceFirst(";\\s*$", ""))
                    .withAllowComplexParsing(false);
            statement = parser.Statement();
            if (parser.getNextToken().kind != CCJSqlParserConstants.EOF) {
                return Optional.empty();
            }
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            return Optional.empty(); // TokenMgrException is a RuntimeException; deep nesting overflows the parser
        }
        if (!(statement instanceof PlainSelect select) || !(select.getFromItem() instanceof Table table)
                || select.getJoins() != null && !select.getJoins().isEmpty() || select.getDistinct() != null
                || select.getGroupBy() != null || select.getHaving() != null || select.getLimit() != null
                || select.getOffset() != null || select.getFetch() != null || select.getWithItemsList() != null
                || select.getIntoTables() != null) {
            return Optional.empty();
        }
        String written = table.getName();
        TableName from = new TableName(table.getSchemaName() == null ? null : Identifiers.unquote(table.getSchemaName()),
                Identifiers.unquote(written), Identifiers.isQuoted(written));
        String reference = table.getAlias() != null ? table.getAlias().getName() : null;
        List<ViewColumn> columns = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression e = item.getExpression();
            String alias = item.getAlias() == null ? null : Identifiers.unquote(item.getAlias().getName());
            if (e instanceof Column c && ofFrom(c, from, reference)) {
                String base = Identifiers.unquote(c.getColumnName());
                columns.add(new ViewColumn(alias != null ? alias : base, base));
            } else if (e instanceof net.sf.jsqlparser.statement.select.AllColumns) {
                return Optional.empty(); // catalogs expand *, so one here is a form the guard does not know
            } else {
                columns.add(new ViewColumn(alias, null));
            }
        }
        return Optional.of(new ViewDefinition(from, columns));
    }

    /** True when {@code c} is qualified by nothing, the relation's alias, or its (schema-qualified) name. */
    private static boolean ofFrom(Column c, TableName from, String alias) {
        Table t = c.getTable();
        if (t == null || t.getName() == null) {
            return true;
        }
        String name = Identifiers.unquote(t.getName());
        if (alias != null) {
            return t.getSchemaName() == null && name.equals(Identifiers.unquote(alias));
        }
        if (!name.equals(from.name())) {
            return false;
        }
        return t.getSchemaName() == null || from.schema() == null
                || Identifiers.unquote(t.getSchemaName()).equals(from.schema());
    }
}
