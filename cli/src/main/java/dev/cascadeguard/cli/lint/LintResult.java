package dev.cascadeguard.cli.lint;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code lint} run found.
 *
 * @param facts    what was read from the database
 * @param trees    the cascade tree of every root table
 * @param findings every finding, most severe first
 * @param millis   how long reading the catalog and checking took
 */
public record LintResult(SchemaFacts facts, List<CascadeNode> trees, List<Finding> findings, long millis) {
    public LintResult {
        trees = List.copyOf(trees);
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity).reversed()).toList();
    }

    /** Findings per kind, for summaries. */
    public Map<Kind, Long> countByKind() {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        findings.forEach(f -> counts.merge(f.kind(), 1L, Long::sum));
        return counts;
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** True when a finding is at least as severe as {@code gate}. */
    public boolean reaches(Severity gate) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(gate));
    }
}
