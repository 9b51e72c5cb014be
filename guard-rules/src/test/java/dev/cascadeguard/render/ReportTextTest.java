package dev.cascadeguard.render;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.Decision;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.RuleAction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTextTest {

    private static TableEffect e(String table, EffectAction action, long rows, String... path) {
        return new TableEffect(table, action, rows, true, false, path.length - 1, List.of(path));
    }

    private static final CascadeReport ORGS = new CascadeReport(
            "DELETE FROM organizations WHERE name = 'test-org'", StatementKind.DELETE, "organizations", true,
            List.of(e("organizations", EffectAction.DELETE, 1, "organizations"),
                    e("users", EffectAction.DELETE, 40, "organizations", "users"),
                    e("orders", EffectAction.DELETE, 1600, "organizations", "users", "orders"),
                    e("order_items", EffectAction.DELETE, 6400, "organizations", "users", "orders", "order_items"),
                    e("invoices", EffectAction.DELETE, 1600, "organizations", "users", "orders", "invoices")),
            List.of());

    @Test
    void cascadeIsATreeWithTotalAndDecision() {
        Decision d = new Decision(RuleAction.CONFIRM, false, List.of("9,641 rows > guard.confirmAbove (1,000)"),
                "guard.confirmAbove", 9641, false);

        assertThat(ReportText.render(ORGS, d)).isEqualTo("""
                DELETE FROM organizations WHERE name = 'test-org'
                organizations             1 row   DELETE
                └─ users                 40 rows  DELETE
                   └─ orders          1,600 rows  DELETE
                      ├─ order_items  6,400 rows  DELETE
                      └─ invoices     1,600 rows  DELETE
                total: 9,641 rows
                decision: CONFIRM — 9,641 rows > guard.confirmAbove (1,000)
                """);
    }

    @Test
    void withoutADecisionTheReportEndsAtTheTotal() {
        assertThat(ReportText.render(ORGS)).endsWith("1,600 rows  DELETE\ntotal: 9,641 rows\n");
    }

    @Test
    void siblingsKeepTheirBranchLineAndBoundsAreMarked() {
        CascadeReport report = new CascadeReport("DELETE FROM a WHERE id = 1", StatementKind.DELETE, "a", true,
                List.of(e("a", EffectAction.DELETE, 1, "a"),
                        e("b", EffectAction.DELETE, 2, "a", "b"),
                        new TableEffect("c", EffectAction.DELETE, 1001, false, true, 2, List.of("a", "b", "c")),
                        new TableEffect("d", EffectAction.SET_NULL, 1234, false, false, 1, List.of("a", "d")),
                        e("e", EffectAction.RESTRICT, 3, "a", "b", "e")),
                List.of("a delete trigger on b"));
        Decision d = new Decision(RuleAction.BLOCK, false, List.of("b: 2 rows > guard.table.b.blockAbove (0)",
                "at least 2,238 rows > guard.confirmAbove (1,000)",
                "the database would refuse it: 3 rows in e still reference it (RESTRICT)"),
                "guard.table.b.blockAbove", 2238, false);

        assertThat(ReportText.render(report, d)).isEqualTo("""
                DELETE FROM a WHERE id = 1
                a              1 row   DELETE
                ├─ b           2 rows  DELETE
                │  ├─ c  ≥ 1,001 rows  DELETE
                │  └─ e        3 rows  RESTRICT
                └─ d      ~1,234 rows  SET NULL
                total: ≥ 2,238 rows
                would fail: 3 rows in e still reference b (RESTRICT)
                note: a delete trigger on b
                decision: BLOCK — b: 2 rows > guard.table.b.blockAbove (0)
                                  at least 2,238 rows > guard.confirmAbove (1,000)
                                  the database would refuse it: 3 rows in e still reference it (RESTRICT)
                """);
    }

    @Test
    void aTableReachedAsDeleteAndSetNullHangsTheChildrenUnderTheDelete() {
        CascadeReport report = new CascadeReport("DELETE FROM a", StatementKind.DELETE, "a", false,
                List.of(e("a", EffectAction.DELETE, 1, "a"),
                        e("b", EffectAction.SET_NULL, 1, "a", "b"),
                        e("b", EffectAction.DELETE, 1, "a", "b"),
                        e("c", EffectAction.DELETE, 1, "a", "b", "c")),
                List.of());

        assertThat(ReportText.render(report)).isEqualTo("""
                DELETE FROM a
                a        1 row   DELETE
                ├─ b     1 row   SET NULL
                └─ b     1 row   DELETE
                   └─ c  1 row   DELETE
                total: 4 rows
                """);
    }

    @Test
    void batchShowsEachStatementThenOneDecision() {
        CascadeReport truncate = new CascadeReport("TRUNCATE t", StatementKind.TRUNCATE, "t", true,
                List.of(e("t", EffectAction.DELETE, 0, "t")), List.of());
        Decision d = new Decision(RuleAction.BLOCK, true,
                List.of("DELETE not checked (syntax error): guard.onEstimateError = BLOCK"),
                "guard.onEstimateError", 0, false);
        GuardReport batch = new GuardReport(List.of(new Assessment.Estimated(truncate),
                new Assessment.Unverifiable("DELETE FROM ??", StatementKind.DELETE, "syntax error")), d);

        assertThat(ReportText.render(batch)).isEqualTo("""
                TRUNCATE t
                t  0 rows  DELETE
                total: 0 rows

                DELETE FROM ??
                not checked: syntax error
                decision: BLOCK — DELETE not checked (syntax error): guard.onEstimateError = BLOCK
                """);
    }

    @Test
    void decisionWithoutReasonsIsJustTheAction() {
        CascadeReport report = new CascadeReport("DELETE FROM t WHERE id = 1", StatementKind.DELETE, "t", true,
                List.of(e("t", EffectAction.DELETE, 1, "t")), List.of());

        assertThat(ReportText.render(report, new Decision(RuleAction.ALLOW, false, List.of(), "", 1, false)))
                .endsWith("total: 1 row\ndecision: ALLOW\n");
    }
}
