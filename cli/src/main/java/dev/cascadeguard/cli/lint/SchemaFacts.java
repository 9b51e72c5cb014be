package dev.cascadeguard.cli.lint;

import dev.cascadeguard.cli.lint.stats.RowEstimate;
import dev.cascadeguard.driver.dialect.CascadeSemantics;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the checks read: the foreign-key graph, which of its tables are reviewed, row estimates, indexes, the
 * database's cascade semantics, the protected tables of the rules, and what the SET DEFAULT values point at.
 *
 * @param database          the dialect's name ("PostgreSQL", ...)
 * @param graph             every table and foreign key the dialect loaded
 * @param scope             the tables reviewed (the connection's own database on MariaDB; all others elsewhere)
 * @param rows              row estimates of the tables in scope
 * @param indexes           index key columns per table, primary keys included
 * @param semantics         how the database processes cascades
 * @param protectedTables   tables with a {@code guard.table.X.blockAbove=0} rule, with that key
 * @param maxDepth          deepest cascade level before {@link Kind#CASCADE_TOO_DEEP}
 * @param truncateCascades  true where {@code TRUNCATE … CASCADE} exists (PostgreSQL)
 * @param columnsIgnoreCase true where column names match whatever their case
 * @param cascadesFireTriggers false where rows a cascade deletes fire no DELETE trigger (InnoDB)
 * @param defaultParents    per SET DEFAULT key whose default is a literal: whether a parent row has that value
 * @param heaviestParent    per key, the referencing rows of its most referenced parent row, where statistics say
 */
public record SchemaFacts(String database, FkGraph graph, Set<TableId> scope, Map<TableId, RowEstimate> rows,
                          Map<TableId, List<List<String>>> indexes, CascadeSemantics semantics,
                          Map<TableId, String> protectedTables, int maxDepth, boolean truncateCascades,
                          boolean columnsIgnoreCase, boolean cascadesFireTriggers,
                          Map<ForeignKey, Boolean> defaultParents, Map<ForeignKey, Double> heaviestParent) {

    /** The same facts with what is read once the keys are known: SET DEFAULT parents, heaviest parents. */
    public SchemaFacts withKeyFacts(Map<ForeignKey, Boolean> parents, Map<ForeignKey, Double> heaviest) {
        return new SchemaFacts(database, graph, scope, rows, indexes, semantics, protectedTables, maxDepth,
                truncateCascades, columnsIgnoreCase, cascadesFireTriggers, Map.copyOf(parents), Map.copyOf(heaviest));
    }

    /** The foreign keys whose referencing table is in scope, in a stable order (child, then name). */
    public List<ForeignKey> foreignKeys() {
        List<ForeignKey> keys = new ArrayList<>();
        for (TableInfo table : graph.tables()) {
            for (ForeignKey fk : graph.referencing(table.id())) {
                if (scope.contains(fk.child())) {
                    keys.add(fk);
                }
            }
        }
        keys.sort(Comparator.comparing((ForeignKey k) -> k.child().toString())
                .thenComparing(k -> String.valueOf(k.name())));
        return keys;
    }

    /** The tables in scope in name order. */
    public List<TableId> tables() {
        return scope.stream().sorted(Comparator.comparing(TableId::toString)).toList();
    }

    public long rowsOf(TableId table) {
        RowEstimate estimate = rows.get(table);
        return estimate == null ? 0 : estimate.rows();
    }

    /** A table's name as output shows it: without the schema when every reviewed table shares one. */
    public String name(TableId table) {
        return singleSchema() ? table.name() : table.toString();
    }

    private boolean singleSchema() {
        return scope.stream().map(TableId::schema).distinct().count() <= 1;
    }

    public boolean sameColumn(String a, String b) {
        return columnsIgnoreCase ? a.equalsIgnoreCase(b) : a.equals(b);
    }
}
