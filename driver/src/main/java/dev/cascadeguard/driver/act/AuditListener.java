package dev.cascadeguard.driver.act;

import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.GuardListener;
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
import java.util.Locale;

/**
 * The audit trail, the guard's first listener: one SLF4J event on logger {@code cascadeguard.audit} per LOG,
 * CONFIRM, BLOCK and used override or allowance, with key-value fields for log pipelines and a readable message for
 * people. Parameter values are masked unless {@code guard.auditParameters=true}. Never holds or logs a URL, user
 * or password.
 */
public final class AuditListener implements GuardListener {

    public static final String LOGGER_NAME = "cascadeguard.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER_NAME);

    /** The one instance: it holds no state. */
    public static final AuditListener INSTANCE = new AuditListener();

    private AuditListener() {
    }

    /** The audit event name of a verdict, or null for one that is not audited (ALLOWED). */
    static String eventName(GuardEvent.Verdict verdict) {
        return switch (verdict) {
            case ALLOWED -> null;
            case LOGGED -> "logged";
            case OVERRIDE_USED -> "override-used";
            case ALLOWANCE_USED -> "allowance-used";
            case STOPPED -> "stopped";
            case WOULD_STOP -> "would-stop";
        };
    }

    @Override
    public void decided(GuardEvent.Decided event) {
        String name = eventName(event.verdict());
        if (name == null) {
            return;
        }
        Level level = event.verdict() == GuardEvent.Verdict.STOPPED || event.verdict() == GuardEvent.Verdict.WOULD_STOP
                ? Level.WARN : Level.INFO;
        if (!AUDIT.isEnabledForLevel(level)) {
            return;
        }
        GuardReport report = event.report();
        SessionOverride override = event.override();
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
                .addKeyValue("event", name)
                .addKeyValue("decision", report.decision().action())
                .addKeyValue("mode", event.settings().mode().name().toLowerCase(Locale.ROOT))
                .addKeyValue("rule", report.decision().rule())
                .addKeyValue("rows", report.decision().totalRows())
                .addKeyValue("tables", String.join(";", tables))
                .addKeyValue("statement", String.join("; ", statements))
                .addKeyValue("checkMicros", event.checkNanos() / 1_000);
        if (!notCounted.isEmpty()) {
            // "rows" is then only what was counted: say which statements were not, and why
            b = b.addKeyValue("notCounted", String.join("; ", notCounted));
        }
        if (!event.parameters().isEmpty()) {
            b = b.addKeyValue("parameters", describe(event.parameters(), event.settings().auditParameters()));
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
        b.log("{} {}: {}{} — {}", name, report.decision().action(), rows, lifted, String.join("; ", statements));
    }

    private static String describe(List<List<Object>> sets, boolean reveal) {
        StringBuilder sb = new StringBuilder();
        for (List<Object> set : sets) {
            sb.append(sb.isEmpty() ? "[" : " [");
            for (int i = 0; i < set.size(); i++) {
                Object value = set.get(i);
                sb.append(i > 0 ? ", " : "");
                sb.append(value == GuardEvent.Unset.VALUE ? "unset" : reveal ? String.valueOf(value) : "?");
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
