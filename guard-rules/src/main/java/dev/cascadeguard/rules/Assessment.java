package dev.cascadeguard.rules;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.StatementKind;

/** What the guard found out about one destructive statement, before the rules decide. */
public sealed interface Assessment {

    /** The statement as given. */
    String sql();

    /** The cascade was planned and counted. */
    record Estimated(CascadeReport report) implements Assessment {
        @Override
        public String sql() {
            return report.sql();
        }
    }

    /**
     * The statement may destroy data but could not be checked: it did not parse, or its estimate failed.
     * Decided by {@code guard.onEstimateError}.
     *
     * @param kind    the kind, where it is known (null for a statement that did not parse)
     * @param problem what went wrong, for the person who ran the statement
     */
    record Unverifiable(String sql, StatementKind kind, String problem) implements Assessment {
    }
}
