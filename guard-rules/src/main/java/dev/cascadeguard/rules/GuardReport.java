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

    /** True when every destructive statement was counted; false when some could not be (their rows are unknown). */
    public boolean fullyCounted() {
        return assessments.stream().allMatch(a -> a instanceof Assessment.Estimated);
    }
}
