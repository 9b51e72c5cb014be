package dev.cascadeguard.cli.lint;

import dev.cascadeguard.cli.lint.stats.CatalogStatistics;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.Dialects;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.RuleAction;
import dev.cascadeguard.rules.TableRule;
import dev.cascadeguard.rules.TableThreshold;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reviews a schema's delete behaviour: reads the foreign-key graph with the driver's dialect (the same catalog
 * queries the guard uses), row estimates and indexes, then runs every {@link Check}. Reads only.
 */
public final class Linter {

    private final GuardSettings settings;
    private final int maxDepth;

    /**
     * @param settings the guard rules ({@code guard.table.X.blockAbove=0} marks protected tables)
     * @param maxDepth cascades deeper than this many levels are reported
     */
    public Linter(GuardSettings settings, int maxDepth) {
        this.settings = settings;
        this.maxDepth = maxDepth;
    }

    public LintResult lint(Connection connection) throws SQLException {
        long started = System.nanoTime();
        SchemaFacts facts = read(connection);
        List<CascadeNode> trees = new CascadeTrees(facts).all();
        List<Finding> findings = new ArrayList<>();
        for (Check check : Check.all()) {
            findings.addAll(check.run(facts, trees));
        }
        return new LintResult(facts, trees, findings, (System.nanoTime() - started) / 1_000_000);
    }

    /** Reads everything the checks need, with the dialect the guard itself would use on this connection. */
    public SchemaFacts read(Connection connection) throws SQLException {
        Dialect dialect = Dialects.forConnection(connection);
        CatalogStatistics statistics = CatalogStatistics.of(dialect);
        FkGraph graph = dialect.loadGraph(connection);
        Optional<String> own = statistics.ownSchema(connection);
        List<TableInfo> inScope = graph.tables().stream()
                .filter(t -> own.isEmpty() || own.get().equals(t.id().schema())).toList();
        Set<TableId> scope = new HashSet<>();
        inScope.forEach(t -> scope.add(t.id()));
        Map<TableId, List<List<String>>> indexes = statistics.indexes(connection, inScope);
        SchemaFacts partial = new SchemaFacts(dialect.name(), graph, scope, statistics.rows(connection, inScope),
                indexes, dialect.semantics(), protectedTables(inScope), maxDepth,
                statistics.truncateCascades(), dialect.columnNamesIgnoreCase(),
                statistics.cascadesFireTriggers(), Map.of(), Map.of());
        List<dev.cascadeguard.driver.plan.ForeignKey> keys = partial.foreignKeys();
        return partial.withKeyFacts(DefaultParents.find(connection, dialect, graph, keys),
                statistics.heaviestParent(connection, keys, partial.rows()));
    }

    private Map<TableId, String> protectedTables(List<TableInfo> tables) {
        Map<TableId, String> protectedTables = new HashMap<>();
        for (TableInfo table : tables) {
            settings.ruleFor(table.id().schema(), table.id().name())
                    .flatMap(TableRule::blockAbove)
                    .filter(t -> t.action() == RuleAction.BLOCK && t.rows() == 0)
                    .map(TableThreshold::key)
                    .ifPresent(key -> protectedTables.put(table.id(), key + "=0"));
        }
        return protectedTables;
    }
}
