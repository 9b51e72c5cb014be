package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.dialect.ViewInfo;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.parse.ViewDefinition;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DELETE through a view, bound as the DELETE of its base table's rows that the database performs: the rows of
 * base table {@code b} whose key a row of the view, matching the statement's own WHERE, shows. The guard selects
 * through the view itself, so the view's WHERE, security barrier and the columns the WHERE reads are the
 * database's to evaluate; what it must prove from the catalog is only that the view is deleted through by the
 * database's own rules (no INSTEAD OF trigger, no rule, updatable) at every level, down to a table of the graph, and
 * that the view shows every column of that table's primary key unchanged. Anything else fails closed, with the
 * reason in the message.
 */
final class ViewDeletes {

    /** Views over views deeper than this are not followed (PostgreSQL and MariaDB allow more; nobody nests so). */
    private static final int MAX_LEVELS = 16;
    private static final String ALIAS = "cg_v";

    private ViewDeletes() {
    }

    /**
     * {@code delete}, whose target the graph does not hold, bound to its view's base table; empty when the target
     * is no view (it is then not in the catalog at all), or, unless {@code graphIsFresh}, when the view's base table
     * is not in the graph (it may be newer than the cached graph: the caller reloads it and asks again).
     */
    static Optional<BoundStatement.Delete> bind(ParsedStatement.Delete delete, Scope scope, DialectSession session,
                                                boolean graphIsFresh) throws SQLException, BindException {
        Dialect dialect = session.dialect();
        if (delete.targets().size() != 1) {
            for (ParsedStatement.DeleteTarget target : delete.targets()) {
                if (dialect.resolve(target.table(), scope.schema(), scope.graph()) == null
                        && session.view(target.table(), scope.schema()).isPresent()) {
                    throw new BindException("DELETE of several tables, one of them the view " + target.table()
                            + ": a multi-table DELETE through a view is not predicted");
                }
            }
            return Optional.empty();
        }
        ParsedStatement.DeleteTarget target = delete.targets().get(0);
        Optional<ViewInfo> top = session.view(target.table(), scope.schema());
        if (top.isEmpty()) {
            return Optional.empty();
        }
        String shown = target.table().toString();
        if (!delete.orderAndLimit().isEmpty()) {
            throw new BindException("DELETE through the view " + shown + " with ORDER BY / LIMIT: which rows the "
                    + "server picks is not predicted");
        }
        // view column (top level) -> the column it shows at the level being read, followed down level by level
        Map<String, String> shows = new LinkedHashMap<>();
        List<String> chain = new ArrayList<>();
        ViewInfo view = top.get();
        for (int level = 0; ; level++) {
            if (view.notDeletable() != null) {
                throw notPredicted(shown, view, view.notDeletable());
            }
            chain.add(view.id().name());
            ViewInfo reading = view;
            ViewDefinition definition = ViewDefinition.parse(view.definition()).orElseThrow(() -> notPredicted(shown,
                    reading, "its definition is not a plain SELECT from one table the guard can map back"));
            follow(shows, definition, level == 0, dialect.columnNamesIgnoreCase());
            TableId from = relation(definition.from(), view, dialect, scope);
            TableInfo base = scope.graph().table(from);
            if (base != null) {
                return Optional.of(rewritten(delete, target, base, shows, chain, dialect, scope, shown));
            }
            Optional<ViewInfo> next = session.view(new TableName(from.schema(), from.name(), true), scope.schema());
            if (next.isEmpty() && !graphIsFresh) {
                return Optional.empty();
            }
            if (next.isEmpty() || level + 1 >= MAX_LEVELS) {
                throw notPredicted(shown, view, "it reads " + from + ", which is neither a table the guard knows nor "
                        + "a view it follows");
            }
            view = next.get();
        }
    }

    /** Composes one level's column mapping into {@code shows} (top view column -> column of this level's FROM). */
    private static void follow(Map<String, String> shows, ViewDefinition definition, boolean top,
                               boolean ignoreCase) {
        if (top) {
            for (ViewDefinition.ViewColumn c : definition.columns()) {
                if (c.name() != null && c.baseColumn() != null) {
                    shows.putIfAbsent(c.name(), c.baseColumn());
                }
            }
            return;
        }
        shows.replaceAll((viewColumn, here) -> definition.columns().stream()
                .filter(c -> c.name() != null && (ignoreCase ? c.name().equalsIgnoreCase(here) : c.name().equals(here)))
                .findFirst().map(ViewDefinition.ViewColumn::baseColumn).orElse(null));
        shows.values().removeIf(java.util.Objects::isNull);
    }

    /** The catalog relation the definition's FROM names. */
    private static TableId relation(TableName from, ViewInfo view, Dialect dialect, Scope scope)
            throws BindException {
        if (view.reads().isEmpty()) {
            // the definition qualifies its names (MariaDB); an unqualified one is in the view's own schema
            TableId id = new TableId(from.schema() != null ? from.schema() : view.id().schema(), from.name());
            TableId known = dialect.resolve(new TableName(id.schema(), id.name(), true), scope.schema(), scope.graph());
            return known != null ? known : id;
        }
        List<TableId> matching = view.reads().stream()
                .filter(r -> r.name().equals(from.name()) && (from.schema() == null || r.schema().equals(from.schema())))
                .toList();
        if (matching.size() != 1) {
            throw notPredicted(view.id().name(), view, "the relation it reads (" + from + ") is ambiguous in the "
                    + "catalog");
        }
        return matching.get(0);
    }

    private static BoundStatement.Delete rewritten(ParsedStatement.Delete delete, ParsedStatement.DeleteTarget target,
                                                   TableInfo base, Map<String, String> shows, List<String> chain,
                                                   Dialect dialect, Scope scope, String shown) throws BindException {
        if (base.primaryKey().isEmpty()) {
            throw new BindException("DELETE through the view " + shown + ": its base table " + scope.display(base.id())
                    + " has no primary key, so the rows it deletes cannot be told apart; not predicted");
        }
        List<String> match = new ArrayList<>();
        for (String key : base.primaryKey()) {
            String viewColumn = shows.entrySet().stream()
                    .filter(e -> dialect.columnNamesIgnoreCase() ? e.getValue().equalsIgnoreCase(key)
                            : e.getValue().equals(key))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new BindException("DELETE through the view " + shown + ": it does not show "
                            + "the key column " + key + " of its base table " + scope.display(base.id())
                            + " unchanged, so the guard cannot tell which rows it deletes; not predicted"));
            match.add(target.reference() + "." + dialect.quote(viewColumn) + " = " + ALIAS + "." + dialect.quote(key));
        }
        // the base rows the view's matching rows show: the database evaluates the view and the statement's WHERE
        SqlFragment where = SqlFragment.of("EXISTS (SELECT 1 FROM ").append(delete.from()).append(" WHERE ");
        if (delete.where() != null) {
            where = where.append("(").append(delete.where()).append(") AND ");
        }
        where = where.append(String.join(" AND ", match) + ")");
        TableId table = base.id();
        ParsedStatement.Delete onBase = new ParsedStatement.Delete(delete.sql(),
                List.of(new ParsedStatement.DeleteTarget(new TableName(table.schema(), table.name(), true), ALIAS)),
                delete.with(), delete.recursiveWith(), SqlFragment.of(dialect.qualified(table) + " " + ALIAS), false,
                where, SqlFragment.EMPTY);
        String note = "a DELETE through the view " + String.join(" → ", chain) + ": counted as the DELETE of the "
                + scope.display(table) + " rows it shows";
        return new BoundStatement.Delete(onBase, List.of(table), scope, List.of(note), delete);
    }

    private static BindException notPredicted(String shown, ViewInfo view, String why) {
        String which = shown.equalsIgnoreCase(view.id().name()) || shown.endsWith("." + view.id().name()) ? ""
                : " (through the view " + view.id().name() + ")";
        return new BindException("DELETE through the view " + shown + which + " is not predicted: " + why);
    }
}
