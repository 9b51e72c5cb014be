package dev.cascadeguard.cli.lint;

import java.util.List;
import java.util.Objects;

/**
 * One thing {@code lint} found in the schema.
 *
 * @param kind        what it is
 * @param severity    how much it matters here
 * @param tables      the tables concerned, the first one being where it starts (a root, a parent)
 * @param constraints the foreign-key constraint names concerned
 * @param message     one sentence for people
 * @param fix         one line: what to change
 */
public record Finding(Kind kind, Severity severity, List<String> tables, List<String> constraints, String message,
                      String fix) {
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        tables = List.copyOf(tables);
        constraints = List.copyOf(constraints);
    }

    /** A finding with its kind's usual severity and fix. */
    public static Finding of(Kind kind, List<String> tables, List<String> constraints, String message) {
        return new Finding(kind, kind.usual(), tables, constraints, message, kind.fix());
    }

    public Finding withSeverity(Severity other) {
        return new Finding(kind, other, tables, constraints, message, fix);
    }
}
