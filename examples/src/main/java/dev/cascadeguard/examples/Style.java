package dev.cascadeguard.examples;

import dev.cascadeguard.report.RowFormat;

import java.util.Map;

/**
 * How the demo's output looks: headings, outcomes and row-count tables, in ANSI colour only on a real terminal
 * that understands it, so that piped output, CI logs and tests read as plain text.
 */
final class Style {

    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    Style(boolean colour) {
        this.colour = colour;
    }

    static Style plain() {
        return new Style(false);
    }

    /** Colour when a person is watching: a console is attached and TERM is not "dumb". */
    static Style forThisTerminal() {
        String term = System.getenv("TERM");
        return new Style(System.console() != null && term != null && !term.isEmpty() && !"dumb".equals(term));
    }

    String heading(String text) {
        return paint(BOLD, "== " + text);
    }

    String bad(String text) {
        return paint(RED, text);
    }

    String good(String text) {
        return paint(GREEN, text);
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }

    /** Every line indented, so that a multi-line message stands apart from the demo's own words. */
    static String indent(String text) {
        return text.strip().lines().map(line -> line.isBlank() ? "" : "  " + line)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** One line per table: its rows now. */
    static String counts(Map<String, Long> rows) {
        StringBuilder sb = new StringBuilder();
        rows.forEach((table, n) -> sb.append(String.format("  %-15s %7s%n", table, RowFormat.count(n))));
        return sb.toString();
    }

    /** One line per table: rows before, after and the difference. */
    static String counts(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder sb = new StringBuilder(String.format("  %-15s %7s %7s %8s%n", "table", "before", "after", "deleted"));
        before.forEach((table, n) -> sb.append(String.format("  %-15s %7s %7s %8s%n", table, RowFormat.count(n),
                RowFormat.count(after.get(table)), RowFormat.count(n - after.get(table)))));
        return sb.toString();
    }
}
