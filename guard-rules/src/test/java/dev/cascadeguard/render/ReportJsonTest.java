package dev.cascadeguard.render;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Decision;
import dev.cascadeguard.rules.RuleAction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportJsonTest {

    private static final CascadeReport REPORT = new CascadeReport(
            "DELETE FROM organizations WHERE name = 'test-org'", StatementKind.DELETE, "organizations", true,
            List.of(new TableEffect("organizations", EffectAction.DELETE, 1, true, false, 0, List.of("organizations")),
                    new TableEffect("users", EffectAction.SET_NULL, 3, true, false, 1, List.of("organizations", "users")),
                    new TableEffect("orders", EffectAction.DELETE, 1001, false, true, 1,
                            List.of("organizations", "orders")),
                    new TableEffect("invoices", EffectAction.RESTRICT, 2, true, false, 2,
                            List.of("organizations", "orders", "invoices"))),
            List.of("a delete trigger on orders"));

    private static final Decision CONFIRM = new Decision(RuleAction.CONFIRM, false,
            List.of("at least 1,005 rows > guard.confirmAbove (1,000)",
                    "the database would refuse it: 2 rows in invoices still reference it (RESTRICT)"),
            "guard.confirmAbove", 1005, false);

    @Test
    void prettyObjectHasTheContractsFieldsInOrder() {
        assertThat(ReportJson.render(REPORT, CONFIRM)).isEqualTo("""
                {
                  "sql": "DELETE FROM organizations WHERE name = 'test-org'",
                  "kind": "DELETE",
                  "target": "organizations",
                  "effects": [
                    {"table": "organizations", "action": "DELETE", "rows": 1, "exact": true, "capped": false, "depth": 0, "path": ["organizations"]},
                    {"table": "users", "action": "SET_NULL", "rows": 3, "exact": true, "capped": false, "depth": 1, "path": ["organizations", "users"]},
                    {"table": "orders", "action": "DELETE", "rows": 1001, "exact": false, "capped": true, "depth": 1, "path": ["organizations", "orders"]},
                    {"table": "invoices", "action": "RESTRICT", "rows": 2, "exact": true, "capped": false, "depth": 2, "path": ["organizations", "orders", "invoices"]}
                  ],
                  "totalRows": 1005,
                  "wouldFail": true,
                  "decision": {"action": "CONFIRM", "reasons": ["at least 1,005 rows > guard.confirmAbove (1,000)", "the database would refuse it: 2 rows in invoices still reference it (RESTRICT)"]}
                }""");
    }

    @Test
    void compactObjectIsOneLine() {
        CascadeReport report = new CascadeReport("TRUNCATE t", StatementKind.TRUNCATE, "t", true,
                List.of(new TableEffect("t", EffectAction.DELETE, 0, true, false, 0, List.of("t"))), List.of());
        Decision decision = new Decision(RuleAction.ALLOW, false, List.of(), "", 0, false);

        assertThat(ReportJson.renderCompact(report, decision)).isEqualTo(
                "{\"sql\":\"TRUNCATE t\",\"kind\":\"TRUNCATE\",\"target\":\"t\",\"effects\":[{\"table\":\"t\","
                        + "\"action\":\"DELETE\",\"rows\":0,\"exact\":true,\"capped\":false,\"depth\":0,\"path\":[\"t\"]}],"
                        + "\"totalRows\":0,\"wouldFail\":false,\"decision\":{\"action\":\"ALLOW\",\"reasons\":[]}}");
    }

    @Test
    void noEffectsIsAnEmptyArray() {
        CascadeReport report = new CascadeReport("DROP TABLE x", StatementKind.DROP, "x", true, List.of(), List.of());
        Decision decision = new Decision(RuleAction.CONFIRM, false, List.of("DROP: guard.drop = CONFIRM"),
                "guard.drop", 0, false);

        assertThat(ReportJson.render(report, decision)).isEqualTo("""
                {
                  "sql": "DROP TABLE x",
                  "kind": "DROP",
                  "target": "x",
                  "effects": [],
                  "totalRows": 0,
                  "wouldFail": false,
                  "decision": {"action": "CONFIRM", "reasons": ["DROP: guard.drop = CONFIRM"]}
                }""");
    }

    @Test
    void stringsAreEscaped() {
        assertThat(ReportJson.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(ReportJson.quote("C:\\tmp")).isEqualTo("\"C:\\\\tmp\"");
        assertThat(ReportJson.quote("a\nb\rc\td\be\f")).isEqualTo("\"a\\nb\\rc\\td\\be\\f\"");
        assertThat(ReportJson.quote("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
        assertThat(ReportJson.quote("x\u2028y\u2029z")).isEqualTo("\"x\\u2028y\\u2029z\"");
        assertThat(ReportJson.quote("café ✓ 😀 /")).isEqualTo("\"café ✓ 😀 /\"");
    }

    @Test
    void sqlWithQuotesAndNewlinesStaysOneJsonString() {
        CascadeReport report = new CascadeReport("DELETE FROM \"Users\"\nWHERE note = 'a\\b'", StatementKind.DELETE,
                "Users", true, List.of(), List.of());
        Decision decision = new Decision(RuleAction.ALLOW, false, List.of(), "", 0, false);

        assertThat(ReportJson.renderCompact(report, decision)).startsWith(
                "{\"sql\":\"DELETE FROM \\\"Users\\\"\\nWHERE note = 'a\\\\b'\",\"kind\":\"DELETE\",\"target\":\"Users\",");
    }
}
