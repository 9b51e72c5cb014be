package dev.cascadeguard.rules;

import dev.cascadeguard.report.CascadeReport;

import java.util.List;

/**
 * A decided check: the assessment of every destructive statement in what was executed (one for a plain
 * statement, several for a batch or a multi-statement string) and the one decision taken on them together.
 */
public record GuardReport(List<Assessment> assessments, Decision decision) {
    public GuardReport {
        assessments = List.copyOf(assessments);
    }

    /** The counted reports, in statement order (statements that could not be checked have none). */
    public List<CascadeReport> reports() {
        return assessments.stream()
                .filter(a -> a instanceof Assessment.Estimated)
                .map(a -> ((Assessment.Estimated) a).report())
                .toList();
    }

    /**
     * This report's decision as the driver carries it out in {@code mode}: under {@code warn} a stop is logged and the
     * statement runs (LOG); under {@code off} nothing is decided (ALLOW), unless a cleanup budget holds
     * ({@code budgetHolds}), which every mode keeps. The rules' reasons stay, prefixed with the mode.
     */
    public GuardReport carriedOut(GuardMode mode, boolean budgetHolds) {
        Decision d = decision;
        if (mode == GuardMode.ENFORCE || !d.stops() || mode == GuardMode.OFF && budgetHolds) {
            return this;
        }
        String how = mode == GuardMode.WARN ? "guard.mode = warn: logged and run, not stopped: "
                : "guard.mode = off: the driver passes it through: ";
        List<String> reasons = d.reasons().stream().map(r -> how + r).toList();
        RuleAction action = mode == GuardMode.WARN ? RuleAction.LOG : RuleAction.ALLOW;
        return new GuardReport(assessments, new Decision(action, false, reasons, "guard.mode", d.totalRows(),
                d.overrideUsed(), d.budgetUsed()));
    }

    /** True when every destructive statement was counted; false when some could not be (their rows are unknown). */
    public boolean fullyCounted() {
        return assessments.stream().allMatch(a -> a instanceof Assessment.Estimated);
    }
}
