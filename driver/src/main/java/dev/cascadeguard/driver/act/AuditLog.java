package dev.cascadeguard.driver.act;

import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.Budget;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.SessionOverride;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail: one SLF4J event on logger {@code cascadeguard.audit} per LOG, CONFIRM, BLOCK and used
 * override, with key-value fields for log pipelines and a readable message for people. Parameter values are
 * masked unless {@code guard.auditParameters=true}. Never holds or logs a URL, user or password.
 */
public final class AuditLog {

    public static final String LOGGER_NAME = "cascadeguard.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER_NAME);

    private AuditLog() {
    }

    /**
     * @param event      what happened: "allowed", "logged", "stopped", "would-stop" (warn mode), "override-used",
     *                   "allowance-used"
     * @param parameters the bound parameter sets (empty for plain statements)
     */
    static void record(String event, GuardReport report, String mode, SessionOverride override,
                       List<ParameterLog> parameters, boolean revealParameters, long checkNanos) {
        Level level = switch (event) {
            case "stopped", "would-stop" -> Level.WARN;
            default -> Level.INFO;
        };
        if (!AUDIT.isEnabledForLevel(level)) {
            return;
        }
        List<String> statements = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> notCounted = new ArrayList<>();
        for (Assessment a : report.assessments()) {
            statements.add(StopMessage.shorten(a.sql()));
            if (a instanceof Assessment.Estimated e) {
                tables.add(StopMessage.tables(e.report()));
            } else if (a instanceof Assessment.Unverifiable u) {
                notCounted.add(u.problem());
            }
        }
        LoggingEventBuilder b = AUDIT.atLevel(level)
                .addKeyValue("event", event)
                .addKeyValue("decision", report.decision().action())
                .addKeyValue("mode", mode)
                .addKeyValue("rule", report.decision().rule())
                .addKeyValue("rows", report.decision().totalRows())
                .addKeyValue("tables", String.join(";", tables))
                .addKeyValue("statement", String.join("; ", statements))
                .addKeyValue("checkMicros", checkNanos / 1_000);
        if (!notCounted.isEmpty()) {
            // "rows" is then only what was counted: say which statements were not, and why
            b = b.addKeyValue("notCounted", String.join("; ", notCounted));
        }
        if (!parameters.isEmpty()) {
            b = b.addKeyValue("parameters", describe(parameters, revealParameters));
        }
        if (override != null) {
            b = b.addKeyValue("overrideRows", override.rows())
                    .addKeyValue("overrideReason", override.reason())
                    .addKeyValue("overrideSource", override.source());
        }
        Budget budget = report.decision().budgetUsed();
        if (budget != null) {
            b = b.addKeyValue("allowanceRows", budget.remaining())
                    .addKeyValue("allowanceReason", budget.reason())
                    .addKeyValue("allowanceSource", budget.source());
        }
        String rows = StopMessage.rows(report.decision().totalRows()) + " rows";
        if (!notCounted.isEmpty()) {
            // never "0 rows" for what was not counted: say that it was not, and why
            rows = (report.fullyCounted() || report.reports().isEmpty() ? "" : rows + " counted, ")
                    + "not counted (" + String.join("; ", notCounted) + ")";
        }
        String lifted = "";
        if (override != null && report.decision().overrideUsed()) {
            lifted = " (override " + StopMessage.rows(override.rows()) + " rows"
                    + (override.reason().isEmpty() ? "" : ": " + override.reason()) + ")";
        } else if (budget != null) {
            lifted = " (allowance with " + StopMessage.rows(budget.remaining()) + " rows left"
                    + (budget.reason().isEmpty() ? "" : ": " + budget.reason()) + ")";
        }
        b.log("{} {}: {}{} — {}", event, report.decision().action(), rows, lifted, String.join("; ", statements));
    }

    private static String describe(List<ParameterLog> sets, boolean reveal) {
        StringBuilder sb = new StringBuilder();
        for (ParameterLog set : sets) {
            sb.append(sb.isEmpty() ? "[" : " [");
            for (int i = 1; i <= set.size(); i++) {
                ParameterLog.Binding binding = set.get(i);
                sb.append(i > 1 ? ", " : "");
                sb.append(binding == null ? "unset" : reveal ? String.valueOf(binding.value()) : "?");
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
