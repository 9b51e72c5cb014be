package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;

import java.util.List;
import java.util.function.UnaryOperator;

/** The two ways the supported databases match a statement's table name against the catalog. */
final class TableResolver {

    private TableResolver() {
    }

    /**
     * For databases that fold unquoted identifiers (PostgreSQL to lower case, H2 to upper case) and keep quoted
     * ones exact. An unqualified name is looked up in {@code currentSchema} first; failing that it is accepted
     * when exactly one schema has a table of that name. That stands in for walking the search path, which the
     * graph does not know.
     */
    static TableId resolveFolding(TableName name, String currentSchema, FkGraph graph, UnaryOperator<String> fold) {
        String table = name.quoted() ? name.name() : fold.apply(name.name());
        if (name.schema() != null) {
            // TableName carries one quoted flag for the table part: try the schema as written, then folded.
            TableId exact = new TableId(name.schema(), table);
            if (graph.table(exact) != null) {
                return exact;
            }
            TableId folded = new TableId(fold.apply(name.schema()), table);
            return graph.table(folded) != null ? folded : null;
        }
        if (currentSchema != null) {
            TableId inCurrent = new TableId(currentSchema, table);
            if (graph.table(inCurrent) != null) {
                return inCurrent;
            }
        }
        List<TableId> sameName = graph.tablesNamedIgnoreCase(table).stream()
                .filter(id -> id.name().equals(table))
                .toList();
        return sameName.size() == 1 ? sameName.get(0) : null;
    }

    /**
     * For databases that compare table names without case (MariaDB, SQLite). An exact match wins over a match
     * that differs only in case, so two tables differing only in case (possible on MariaDB with
     * lower_case_table_names=0) still resolve when the statement spells one exactly.
     */
    static TableId resolveIgnoringCase(TableName name, String currentSchema, FkGraph graph) {
        String schema = name.schema() != null ? name.schema() : currentSchema;
        List<TableId> candidates = graph.tablesNamedIgnoreCase(name.name()).stream()
                .filter(id -> schema == null || id.schema().equalsIgnoreCase(schema))
                .toList();
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.stream()
                .filter(id -> id.name().equals(name.name()) && (schema == null || id.schema().equals(schema)))
                .findFirst()
                .orElse(null);
    }

    /** Quotes with {@code quote} on both sides, doubling any inside. */
    static String quoteWith(String quote, String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }
}
