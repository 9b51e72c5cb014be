package dev.cascadeguard.cli;

import dev.cascadeguard.render.ReportJson;
import dev.cascadeguard.render.ReportText;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.Decision;
import dev.cascadeguard.rules.GuardReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a preview for the terminal or for scripts, with the renderers of the rules module. Adds only what
 * they do not cover: SQL that deletes nothing, and several statements in one string.
 */
final class ExplainOutput {

    private final String sql;
    private final GuardReport report;

    ExplainOutput(String sql, GuardReport report) {
        this.sql = sql;
        this.report = report;
    }

    /** The tree of each statement and the one decision; for SQL that deletes nothing, a line saying so. */
    String text() {
        if (report.assessments().isEmpty()) {
            return sql.strip() + "\nnot a DELETE, TRUNCATE or DROP: deletes nothing\n"
                    + "decision: " + report.decision().action() + "\n";
        }
        return ReportText.render(report);
    }

    /**
     * One contract object for one statement; a JSON array of them for several (each carrying the one decision
     * taken on all of them together). SQL that deletes nothing gives the same object shape with
     * {@code "kind": null, "target": null}, no effects and 0 rows, so scripts read every answer the same way.
     */
    String json() {
        List<CascadeReport> reports = report.reports();
        Decision decision = report.decision();
        if (reports.isEmpty()) {
            return nothingDeleted(sql, decision) + "\n";
        }
        if (reports.size() == 1) {
            return ReportJson.render(reports.get(0), decision) + "\n";
        }
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < reports.size(); i++) {
            out.append(ReportJson.render(reports.get(i), decision)).append(i < reports.size() - 1 ? ",\n" : "\n");
        }
        return out.append("]\n").toString();
    }

    /** Statements that may destroy data but could not be checked (unparseable, unknown table, failed count). */
    List<Assessment.Unverifiable> unverifiable() {
        List<Assessment.Unverifiable> result = new ArrayList<>();
        for (Assessment a : report.assessments()) {
            if (a instanceof Assessment.Unverifiable u) {
                result.add(u);
            }
        }
        return result;
    }

    /** The contract object, field for field in its order, for SQL with no destructive statement. */
    private static String nothingDeleted(String sql, Decision decision) {
        StringBuilder reasons = new StringBuilder("[");
        for (int i = 0; i < decision.reasons().size(); i++) {
            reasons.append(i == 0 ? "" : ", ").append(ReportJson.quote(decision.reasons().get(i)));
        }
        reasons.append(']');
        return "{\n"
                + "  \"sql\": " + ReportJson.quote(sql) + ",\n"
                + "  \"kind\": null,\n"
                + "  \"target\": null,\n"
                + "  \"effects\": [],\n"
                + "  \"totalRows\": 0,\n"
                + "  \"wouldFail\": false,\n"
                + "  \"decision\": {\"action\": " + ReportJson.quote(decision.action().name())
                + ", \"reasons\": " + reasons + "}\n"
                + "}";
    }
}
