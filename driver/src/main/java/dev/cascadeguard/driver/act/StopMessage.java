package dev.cascadeguard.driver.act;

import dev.cascadeguard.render.ReportText;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.Decision;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.RuleAction;


/** The message of a stopped statement, written for the person who ran it. */
public final class StopMessage {

    private static final int STATEMENT_CHARS = 300;

    private StopMessage() {
    }

    public static String of(GuardReport report, boolean sqlOverrideAllowed) {
        Decision decision = report.decision();
        StringBuilder sb = new StringBuilder();
        sb.append(switch (decision.action()) {
            case CONFIRM -> "CascadeGuard stopped this statement: it needs confirmation (XG001).";
            case BLOCK -> decision.unverifiable()
                    ? "CascadeGuard stopped this statement: it could not be checked (XG003)."
                    : "CascadeGuard blocked this statement (XG002).";
            default -> "CascadeGuard: " + decision.action();
        });
        for (Assessment a : report.assessments()) {
            sb.append("\n\n");
            if (a instanceof Assessment.Estimated e) {
                sb.append(ReportText.render(e.report(), null).stripTrailing());
            } else if (a instanceof Assessment.Unverifiable u) {
                sb.append(shorten(u.sql())).append("\ncould not be checked: ").append(u.problem());
            }
        }
        sb.append("\n\nwhy: ").append(String.join("; ", decision.reasons()));
        if (decision.action() == RuleAction.CONFIRM) {
            String rows = Long.toString(decision.totalRows());
            boolean lowerBound = report.reports().stream().anyMatch(r -> !r.exact());
            if (lowerBound) {
                sb.append("\nthe counts are lower bounds or estimates: the override must cover the real number");
            }
            sb.append("\nto run it anyway, ");
            if (sqlOverrideAllowed) {
                sb.append("first run on the same connection: SET guard.allow_rows = ").append(rows).append("\nor ");
            }
            sb.append("from Java: connection.unwrap(dev.cascadeguard.driver.GuardConnection.class).allowNext(")
                    .append(rows).append("L, \"reason\")");
            // tools that run many statements (Flyway clean, a test's cleanup) need a scope, not a one-shot override
            sb.append("\nfor many statements (a migration, a cleanup): try (var scope = "
                    + "dev.cascadeguard.driver.CascadeGuard.allow(").append(rows).append("L, \"reason\")) { ... }");
        } else if (decision.action() == RuleAction.BLOCK) {
            sb.append("\nno override lifts a BLOCK: change the statement or the rule");
        }
        return sb.toString();
    }

    static String shorten(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= STATEMENT_CHARS ? oneLine : oneLine.substring(0, STATEMENT_CHARS) + "…";
    }

    static String rows(long n) {
        return RowFormat.count(n);
    }

    static String tables(CascadeReport report) {
        StringBuilder sb = new StringBuilder();
        report.effects().forEach(e -> sb.append(sb.isEmpty() ? "" : ",").append(e.table()).append(':')
                .append(e.action()).append('=').append(e.rows()));
        return sb.toString();
    }
}
