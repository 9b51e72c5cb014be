package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.dialect.ViewInfo;
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
import java.util.function.Function;

/**
 * A view a DELETE or UPDATE names, followed level by level down to the table of the graph the database acts on: what
 * the statement does to the view it does to that table's rows the view shows, provided every level is acted
 * through by the database's own rules (no INSTEAD OF trigger, no rule, updatable). Anything else fails closed, with
 * the reason in the message.
 *
 * @param base    the table of the graph the database acts on
 * @param shows   top view column → the base column it shows unchanged (columns that are expressions are absent)
 * @param columns every column name of the top view
 * @param chain   the views followed, top first
 */
record ViewPath(TableInfo base, Map<String, String> shows, List<String> columns, List<String> chain) {

    /** Views over views deeper than this are not followed (PostgreSQL and MariaDB allow more; nobody nests so). */
    private static final int MAX_LEVELS = 16;

    /**
     * @param verb         DELETE or UPDATE, for messages
     * @param refusal      why the database does not act through a view by itself for this verb, or null
     * @param graphIsFresh without it, a base table missing from the graph gives empty (the caller reloads and asks
     *                     again); with it, that fails closed
     * @return empty when {@code name} is no view (or, unless {@code graphIsFresh}, its base is not in the graph)
     */
    static Optional<ViewPath> follow(TableName name, String verb, Function<ViewInfo, String> refusal, Scope scope,
                                     DialectSession session, boolean graphIsFresh)
            throws SQLException, BindException {
        Optional<ViewInfo> top = session.view(name, scope.schema());
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Dialect dialect = session.dialect();
        String shown = name.toString();
        Map<String, String> shows = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>();
        List<String> chain = new ArrayList<>();
        ViewInfo view = top.get();
        for (int level = 0; ; level++) {
            String why = refusal.apply(view);
            if (why != null) {
                throw notPredicted(verb, shown, view, why);
            }
            chain.add(view.id().name());
            ViewInfo reading = view;
            ViewDefinition definition = ViewDefinition.parse(view.definition()).orElseThrow(() -> notPredicted(verb,
                    shown, reading, "its definition is not a plain SELECT from one table the guard can map back"));
            if (level == 0) {
                definition.columns().stream().map(ViewDefinition.ViewColumn::name)
                        .filter(java.util.Objects::nonNull).forEach(columns::add);
            }
            follow(shows, definition, level == 0, dialect.columnNamesIgnoreCase());
            TableId from = relation(definition.from(), view, dialect, scope, verb);
            TableInfo base = scope.graph().table(from);
            if (base != null) {
                return Optional.of(new ViewPath(base, shows, columns, chain));
            }
            Optional<ViewInfo> next = session.view(new TableName(from.schema(), from.name(), true), scope.schema());
            if (next.isEmpty() && !graphIsFresh) {
                return Optional.empty();
            }
            if (next.isEmpty() || level + 1 >= MAX_LEVELS) {
                throw notPredicted(verb, shown, view, "it reads " + from + ", which is neither a table the guard "
                        + "knows nor a view it follows");
            }
            view = next.get();
        }
    }

    /** The view column that shows base column {@code column} unchanged, if any. */
    Optional<String> viewColumnOf(String column, boolean ignoreCase) {
        return shows.entrySet().stream()
                .filter(e -> ignoreCase ? e.getValue().equalsIgnoreCase(column) : e.getValue().equals(column))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The base column view column {@code column} shows unchanged, if any. */
    Optional<String> baseColumnOf(String column, boolean ignoreCase) {
        return shows.entrySet().stream()
                .filter(e -> ignoreCase ? e.getKey().equalsIgnoreCase(column) : e.getKey().equals(column))
                .map(Map.Entry::getValue).findFirst();
    }

    String described() {
        return String.join(" → ", chain);
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
    private static TableId relation(TableName from, ViewInfo view, Dialect dialect, Scope scope, String verb)
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
            throw notPredicted(verb, view.id().name(), view, "the relation it reads (" + from + ") is ambiguous in "
                    + "the catalog");
        }
        return matching.get(0);
    }

    static BindException notPredicted(String verb, String shown, ViewInfo view, String why) {
        String which = shown.equalsIgnoreCase(view.id().name()) || shown.endsWith("." + view.id().name()) ? ""
                : " (through the view " + view.id().name() + ")";
        return new BindException(verb + " through the view " + shown + which + " is not predicted: " + why);
    }
}
