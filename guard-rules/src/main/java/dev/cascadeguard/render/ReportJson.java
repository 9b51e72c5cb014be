package dev.cascadeguard.render;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Decision;

import java.util.List;
import java.util.Objects;

/**
 * The {@code explain --format json} object of the contract, field for field and in its order:
 * {@code sql, kind, target, effects[table, action, rows, exact, capped, depth, path], totalRows, wouldFail,
 * decision{action, reasons}}. Written by hand so that the rules module needs nothing but the JDK.
 */
public final class ReportJson {

    private ReportJson() {
    }

    /** Pretty-printed: two-space indent, one effect per line, so it diffs and greps well. Ends without a newline. */
    public static String render(CascadeReport report, Decision decision) {
        return write(report, decision, true);
    }

    /** The same object on one line, for log lines and audit events. */
    public static String renderCompact(CascadeReport report, Decision decision) {
        return write(report, decision, false);
    }

    private static String write(CascadeReport report, Decision decision, boolean pretty) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(decision, "decision");
        String nl = pretty ? "\n  " : "";
        String colon = pretty ? ": " : ":";
        String comma = pretty ? ", " : ",";
        StringBuilder out = new StringBuilder("{");
        out.append(nl).append(quote("sql")).append(colon).append(quote(report.sql())).append(',');
        out.append(nl).append(quote("kind")).append(colon).append(quote(report.kind().name())).append(',');
        out.append(nl).append(quote("target")).append(colon).append(quote(report.target())).append(',');
        out.append(nl).append(quote("effects")).append(colon).append('[');
        List<TableEffect> effects = report.effects();
        for (int i = 0; i < effects.size(); i++) {
            TableEffect e = effects.get(i);
            out.append(pretty ? "\n    " : "").append('{')
                    .append(quote("table")).append(colon).append(quote(e.table())).append(comma)
                    .append(quote("action")).append(colon).append(quote(e.action().name())).append(comma)
                    .append(quote("rows")).append(colon).append(e.rows()).append(comma)
                    .append(quote("exact")).append(colon).append(e.exact()).append(comma)
                    .append(quote("capped")).append(colon).append(e.capped()).append(comma)
                    .append(quote("depth")).append(colon).append(e.depth()).append(comma)
                    .append(quote("path")).append(colon).append(array(e.path(), comma))
                    .append('}').append(i < effects.size() - 1 ? "," : "");
        }
        out.append(pretty && !effects.isEmpty() ? "\n  " : "").append("],");
        out.append(nl).append(quote("totalRows")).append(colon).append(report.totalRows()).append(',');
        out.append(nl).append(quote("wouldFail")).append(colon).append(report.wouldFail()).append(',');
        out.append(nl).append(quote("decision")).append(colon).append('{')
                .append(quote("action")).append(colon).append(quote(decision.action().name())).append(comma)
                .append(quote("reasons")).append(colon).append(array(decision.reasons(), comma))
                .append('}');
        return out.append(pretty ? "\n" : "").append('}').toString();
    }

    private static String array(List<String> values, String comma) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : comma).append(quote(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /**
     * A JSON string literal. Besides what JSON requires, U+2028 and U+2029 are escaped because JavaScript
     * before ES2019 reads them as line ends inside string literals.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
