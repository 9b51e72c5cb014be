package dev.cascadeguard.driver.act;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.UncheckableStatementException;
import dev.cascadeguard.rules.Decider;
import dev.cascadeguard.rules.GuardMode;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.RuleAction;
import dev.cascadeguard.rules.SessionOverride;

import java.sql.SQLException;
import java.util.List;

/**
 * The act stage of one connection: carries out a decision under the configured mode, tells the listeners, and
 * throws to stop a statement. Returns the decision event, which the execution event refers to.
 */
public final class Enforcer {

    private final GuardSettings settings;
    private final Listeners listeners;

    public Enforcer(GuardSettings settings, Listeners listeners) {
        this.settings = settings;
        this.listeners = listeners;
    }

    /**
     * @param parameters the values bound to each execution's placeholders (empty for plain statements)
     * @throws SQLException the guard's XG001 / XG002 / XG003 when the decision stops the statement
     */
    public GuardEvent.Decided act(GuardReport report, SessionOverride override, List<List<Object>> parameters,
                                  long checkNanos) throws SQLException {
        GuardEvent.Decided event = new GuardEvent.Decided(report, verdict(report), settings, override, parameters,
                checkNanos);
        listeners.decided(event);
        if (event.verdict() == GuardEvent.Verdict.STOPPED) {
            String message = StopMessage.of(report, settings.allowSqlOverride());
            if (report.decision().action() == RuleAction.CONFIRM) {
                throw new ConfirmationRequiredException(message, report);
            }
            if (report.decision().unverifiable()) {
                throw new UncheckableStatementException(message, report);
            }
            throw new StatementBlockedException(message, report);
        }
        return event;
    }

    /** Tells the listeners how a statement that was decided on ended. */
    public void executed(GuardEvent.Decided decision, SQLException failure, long executionNanos) {
        listeners.executed(new GuardEvent.Executed(decision, failure, executionNanos));
    }

    public boolean hasExecutionListeners() {
        return listeners.wantExecutions();
    }

    private GuardEvent.Verdict verdict(GuardReport report) {
        if (report.decision().stops()) {
            // a cleanup budget is the code's own explicit limit: enforced in every mode
            boolean budget = Decider.CLEANUP_BUDGET.equals(report.decision().rule());
            return settings.mode() == GuardMode.WARN && !budget ? GuardEvent.Verdict.WOULD_STOP
                    : GuardEvent.Verdict.STOPPED;
        }
        if (report.decision().overrideUsed()) {
            return GuardEvent.Verdict.OVERRIDE_USED;
        }
        if (report.decision().budgetUsed() != null) {
            return GuardEvent.Verdict.ALLOWANCE_USED;
        }
        return report.decision().action() == RuleAction.LOG ? GuardEvent.Verdict.LOGGED : GuardEvent.Verdict.ALLOWED;
    }
}
