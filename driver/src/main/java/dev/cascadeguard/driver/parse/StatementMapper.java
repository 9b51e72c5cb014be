package dev.cascadeguard.driver.parse;

import dev.cascadeguard.report.StatementKind;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps one statement parsed by JSqlParser onto the guard's model. One statement can yield several entries:
 * each DELETE inside a data-modifying WITH is its own {@link ParsedStatement.Delete}.
 */
final class StatementMapper {

    /** GRANT DELETE / REVOKE DELETE name a privilege, not a deletion. */
    private static final Set<String> PRIVILEGE_KEYWORDS = Set.of("GRANT", "REVOKE");

    private final StatementText statement;
    private final String sql;

    StatementMapper(StatementText statement) {
        this.statement = statement;
        this.sql = statement.text();
    }

    List<ParsedStatement> map(Statement parsed) {
        List<ParsedStatement> result = new ArrayList<>();
        if (parsed instanceof Truncate truncate) {
            result.add(truncate(truncate));
        } else if (parsed instanceof Drop drop) {
            result.add(drop(drop));
        } else if (parsed instanceof ExplainStatement explain) {
            // EXPLAIN ANALYZE runs the statement; plain EXPLAIN only plans it
            if (explain.getOption(ExplainStatement.OptionType.ANALYZE) != null && explain.getStatement() != null) {
                result.addAll(map(explain.getStatement()));
            }
        } else if (parsed instanceof Delete delete) {
            addDelete(delete, List.of(), result);
        } else if (parsed instanceof Update update) {
            for (WithItem<?> item : dataModifyingWith(withItemsOf(parsed))) {
                addDeleteOf(item, plainWith(withItemsOf(parsed)), result);
            }
            result.add(UpdateMapping.map(sql, update));
        } else {
            for (WithItem<?> item : dataModifyingWith(withItemsOf(parsed))) {
                addDeleteOf(item, plainWith(withItemsOf(parsed)), result);
            }
            if (updatesOutsideAnUpdate(parsed)) {
                // the session keeps it (to fail closed) only where its text may set a referenced column
                result.add(new ParsedStatement.Unparseable(sql, "an UPDATE inside an upsert, a MERGE or a WITH "
                        + "clause, which the guard does not count, may rewrite a referenced key", StatementKind.UPDATE));
            }
        }
        if (!statement.isDdl() && !PRIVILEGE_KEYWORDS.contains(statement.firstKeyword())
                && !isPlainExplain(parsed)) {
            long understood = result.stream().filter(s -> s instanceof ParsedStatement.Delete
                    || s instanceof ParsedStatement.Unparseable).count();
            if (statement.countWord("DELETE") > understood) {
                // e.g. MERGE ... THEN DELETE: fail closed rather than let a deletion through unseen
                result.add(new ParsedStatement.Unparseable(sql, "DELETE in a place the guard cannot estimate"));
            }
        }
        if (result.isEmpty()) {
            result.add(new ParsedStatement.Other(sql, statement.isDdl()));
        }
        return result;
    }

    /** INSERT ... ON CONFLICT DO UPDATE / ON DUPLICATE KEY UPDATE, MERGE ... THEN UPDATE, WITH x AS (UPDATE ...). */
    private static boolean updatesOutsideAnUpdate(Statement parsed) {
        if (parsed instanceof Insert insert) {
            return insert.getDuplicateUpdateSets() != null && !insert.getDuplicateUpdateSets().isEmpty()
                    || insert.getConflictAction() != null && insert.getConflictAction().getConflictActionType()
                    == ConflictActionType.DO_UPDATE;
        }
        if (parsed instanceof Merge merge) {
            return merge.getOperations() == null || merge.getOperations().stream().anyMatch(o -> o instanceof MergeUpdate);
        }
        return parsed instanceof Upsert
                || withItemsOf(parsed).stream().anyMatch(item -> item.getParenthesedStatement() instanceof ParenthesedUpdate);
    }

    private static boolean isPlainExplain(Statement parsed) {
        return parsed instanceof ExplainStatement explain
                && explain.getOption(ExplainStatement.OptionType.ANALYZE) == null;
    }

    private ParsedStatement truncate(Truncate truncate) {
        List<Table> tables = truncate.getTables() != null && !truncate.getTables().isEmpty()
                ? truncate.getTables() : List.of(truncate.getTable());
        return new ParsedStatement.Truncate(sql, tables.stream().map(StatementMapper::tableName).toList(),
                truncate.getCascade());
    }

    private ParsedStatement drop(Drop drop) {
        String type = drop.getType().toUpperCase(Locale.ROOT);
        if (drop.isMaterialized() && !type.startsWith("MATERIALIZED")) {
            type = "MATERIALIZED " + type;
        }
        List<Table> names = drop.getNames() != null && !drop.getNames().isEmpty()
                ? drop.getNames() : List.of(drop.getName());
        boolean cascade = drop.getParameters() != null
                && drop.getParameters().stream().anyMatch(p -> p.equalsIgnoreCase("CASCADE"));
        return new ParsedStatement.Drop(sql, type, names.stream().map(StatementMapper::tableName).toList(),
                cascade);
    }

    private void addDeleteOf(WithItem<?> item, List<WithItem<?>> visibleWith, List<ParsedStatement> result) {
        // WithItem.getDelete() casts unchecked (ClassCastException on a SELECT item): test the type instead
        if (item.getParenthesedStatement() instanceof ParenthesedDelete parenthesed
                && parenthesed.getDelete() != null) {
            addDelete(parenthesed.getDelete(), visibleWith, result);
        }
    }

    /**
     * @param inheritedWith the plain (SELECT) WITH items of the enclosing statement, which a DELETE inside a
     *                      data-modifying WITH item may refer to
     */
    private void addDelete(Delete delete, List<WithItem<?>> inheritedWith, List<ParsedStatement> result) {
        List<WithItem<?>> own = delete.getWithItemsList() == null ? List.of() : delete.getWithItemsList();
        List<WithItem<?>> visible = new ArrayList<>(inheritedWith);
        visible.addAll(plainWith(own));
        List<WithItem<?>> modifying = dataModifyingWith(own);
        for (WithItem<?> item : modifying) {
            addDeleteOf(item, visible, result);
        }
        if (!modifying.isEmpty()) {
            // the estimator would have to run the data-modifying WITH to count: never
            result.add(new ParsedStatement.Unparseable(sql, "DELETE whose WITH list itself modifies data"));
            return;
        }
        result.add(delete(delete, visible));
    }

    private ParsedStatement.Delete delete(Delete delete, List<WithItem<?>> with) {
        List<String> renderedWith = new ArrayList<>();
        boolean recursive = false;
        for (WithItem<?> item : with) {
            recursive |= item.isRecursive();
            renderedWith.add(withoutRecursiveKeyword(item.toString()));
        }
        StringBuilder from = new StringBuilder(delete.getTable().toString());
        boolean joined = false;
        if (delete.getJoins() != null) {
            for (Join join : delete.getJoins()) {
                from.append(join.isSimple() ? ", " : " ").append(join);
                joined = true;
            }
        }
        if (delete.getUsingFromItemList() != null) {
            for (FromItem using : delete.getUsingFromItemList()) {
                from.append(", ").append(using);
                joined = true;
            }
        }
        List<ParsedStatement.DeleteTarget> targets = targets(delete);
        joined |= targets.size() > 1;
        return new ParsedStatement.Delete(sql, targets, SqlFragments.join(renderedWith, ", "), recursive,
                SqlFragments.fromRendered(from.toString()), joined,
                delete.getWhere() == null ? null : SqlFragments.fromRendered(delete.getWhere().toString()),
                SqlFragments.fromRendered(orderAndLimit(delete)));
    }

    /** MySQL multi-table DELETE names its targets by alias: map each back to the table it stands for. */
    private static List<ParsedStatement.DeleteTarget> targets(Delete delete) {
        if (delete.getTables() == null || delete.getTables().isEmpty()) {
            return List.of(target(delete.getTable()));
        }
        Map<String, Table> byAlias = new HashMap<>();
        Map<String, Table> byName = new HashMap<>();
        List<FromItem> fromItems = new ArrayList<>();
        fromItems.add(delete.getTable());
        if (delete.getJoins() != null) {
            delete.getJoins().forEach(j -> fromItems.add(j.getFromItem()));
        }
        if (delete.getUsingFromItemList() != null) {
            fromItems.addAll(delete.getUsingFromItemList());
        }
        for (FromItem item : fromItems) {
            if (item instanceof Table table) {
                if (table.getAlias() != null) {
                    byAlias.putIfAbsent(key(table.getAlias().getName()), table);
                }
                byName.putIfAbsent(key(table.getName()), table);
            }
        }
        List<ParsedStatement.DeleteTarget> targets = new ArrayList<>();
        for (Table named : delete.getTables()) {
            Table aliased = named.getSchemaName() == null ? byAlias.get(key(named.getName())) : null;
            if (aliased != null) {
                targets.add(new ParsedStatement.DeleteTarget(tableName(aliased), named.getName()));
            } else if (named.getSchemaName() == null && byName.containsKey(key(named.getName()))) {
                targets.add(target(byName.get(key(named.getName()))));
            } else {
                targets.add(target(named));
            }
        }
        return targets;
    }

    private static ParsedStatement.DeleteTarget target(Table table) {
        Alias alias = table.getAlias();
        return new ParsedStatement.DeleteTarget(tableName(table),
                alias != null ? alias.getName() : table.getFullyQualifiedName());
    }

    private static String orderAndLimit(Delete delete) {
        StringBuilder text = new StringBuilder();
        List<OrderByElement> order = delete.getOrderByElements();
        if (order != null && !order.isEmpty()) {
            text.append("ORDER BY ");
            for (int i = 0; i < order.size(); i++) {
                text.append(i > 0 ? ", " : "").append(order.get(i));
            }
        }
        if (delete.getLimit() != null) {
            text.append(' ').append(delete.getLimit().toString().strip());
        }
        return text.toString().strip();
    }

    static TableName tableName(Table table) {
        String name = table.getName();
        boolean quoted = Identifiers.isQuoted(name);
        String schema = table.getSchemaName();
        return new TableName(schema == null ? null : Identifiers.unquote(schema), Identifiers.unquote(name), quoted);
    }

    private static String key(String identifier) {
        return Identifiers.unquote(identifier).toLowerCase(Locale.ROOT);
    }

    private static String withoutRecursiveKeyword(String renderedItem) {
        return renderedItem.regionMatches(true, 0, "RECURSIVE ", 0, 10) ? renderedItem.substring(10) : renderedItem;
    }

    private static List<WithItem<?>> withItemsOf(Statement parsed) {
        List<WithItem<?>> items = null;
        if (parsed instanceof Select select) {
            items = select.getWithItemsList();
        } else if (parsed instanceof Insert insert) {
            items = insert.getWithItemsList();
        } else if (parsed instanceof Update update) {
            items = update.getWithItemsList();
        }
        return items == null ? List.of() : items;
    }

    private static List<WithItem<?>> plainWith(List<WithItem<?>> items) {
        return items.stream().filter(i -> !isDataModifying(i)).toList();
    }

    private static List<WithItem<?>> dataModifyingWith(List<WithItem<?>> items) {
        return items.stream().filter(StatementMapper::isDataModifying).toList();
    }

    private static boolean isDataModifying(WithItem<?> item) {
        Object statement = item.getParenthesedStatement();
        return statement instanceof ParenthesedDelete || statement instanceof ParenthesedInsert
                || statement instanceof ParenthesedUpdate;
    }
}
