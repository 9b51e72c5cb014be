package dev.cascadeguard.driver.act;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.UncheckableStatementException;
import dev.cascadeguard.driver.intercept.ParameterLog;
import dev.cascadeguard.rules.GuardMode;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.RuleAction;
import dev.cascadeguard.rules.SessionOverride;

import java.sql.SQLException;
import java.util.List;

/** The act stage: carries out a decision under the configured mode. Throws to stop; returns to let it run. */
public final class Enforcer {

    private Enforcer() {
    }

    public static void act(GuardReport report, GuardSettings settings, SessionOverride override,
                           List<ParameterLog> parameters, long checkNanos) throws SQLException {
        RuleAction action = report.decision().action();
        String mode = settings.mode().name().toLowerCase(java.util.Locale.ROOT);
        boolean reveal = settings.auditParameters();
        if (report.decision().stops()) {
            if (settings.mode() == GuardMode.WARN) {
                AuditLog.record("would-stop", report, mode, override, parameters, reveal, checkNanos);
                return;
            }
            AuditLog.record("stopped", report, mode, override, parameters, reveal, checkNanos);
            String message = StopMessage.of(report, settings.allowSqlOverride());
            if (action == RuleAction.CONFIRM) {
                throw new ConfirmationRequiredException(message, report);
            }
            if (report.decision().unverifiable()) {
                throw new UncheckableStatementException(message, report);
            }
            throw new StatementBlockedException(message, report);
        }
        if (report.decision().overrideUsed()) {
            AuditLog.record("override-used", report, mode, override, parameters, reveal, checkNanos);
        } else if (report.decision().budgetUsed() != null) {
            AuditLog.record("allowance-used", report, mode, override, parameters, reveal, checkNanos);
        } else if (action == RuleAction.LOG) {
            AuditLog.record("logged", report, mode, override, parameters, reveal, checkNanos);
        }
    }
}
