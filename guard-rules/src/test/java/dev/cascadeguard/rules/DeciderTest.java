package dev.cascadeguard.rules;

import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.StatementKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.cascadeguard.rules.Reports.capped;
import static dev.cascadeguard.rules.Reports.delete;
import static dev.cascadeguard.rules.Reports.deleteAll;
import static dev.cascadeguard.rules.Reports.effect;
import static dev.cascadeguard.rules.Reports.estimated;
import static dev.cascadeguard.rules.Reports.rows;
import static org.assertj.core.api.Assertions.assertThat;

class DeciderTest {

    private static final GuardSettings DEFAULTS = GuardSettings.defaults();

    private static Decision decide(GuardSettings s, Assessment... a) {
        return Decider.decide(List.of(a), s, null);
    }

    @Test
    void nothingToDecideIsAllow() {
        Decision d = Decider.decide(List.of(), DEFAULTS, null);

        assertThat(d).isEqualTo(new Decision(RuleAction.ALLOW, false, List.of(), "", 0, false));
    }

    @Test
    void thresholdsAreStrictlyGreater() {
        GuardSettings s = GuardSettings.of(Map.of("guard.blockAbove", "5000"));

        assertThat(decide(s, rows("t", 100)).action()).isEqualTo(RuleAction.ALLOW);
        assertThat(decide(s, rows("t", 100)).reasons()).isEmpty();
        assertThat(decide(s, rows("t", 101)))
                .isEqualTo(new Decision(RuleAction.LOG, false, List.of("101 rows > guard.logAbove (100)"),
                        "guard.logAbove", 101, false));
        assertThat(decide(s, rows("t", 1000)).action()).isEqualTo(RuleAction.LOG);
        assertThat(decide(s, rows("t", 3201)))
                .isEqualTo(new Decision(RuleAction.CONFIRM, false, List.of("3,201 rows > guard.confirmAbove (1,000)"),
                        "guard.confirmAbove", 3201, false));
        assertThat(decide(s, rows("t", 5000)).action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(decide(s, rows("t", 5001)))
                .isEqualTo(new Decision(RuleAction.BLOCK, false, List.of("5,001 rows > guard.blockAbove (5,000)"),
                        "guard.blockAbove", 5001, false));
    }

    @Test
    void totalCountsEveryChangedRowButNotRestrictRows() {
        Assessment a = estimated(delete("organizations",
                effect("organizations", EffectAction.DELETE, 1),
                effect("users", EffectAction.SET_NULL, 60, "organizations"),
                effect("profiles", EffectAction.SET_DEFAULT, 40, "organizations"),
                effect("audit", EffectAction.RESTRICT, 500, "organizations")));

        Decision d = decide(DEFAULTS, a);

        assertThat(d.totalRows()).isEqualTo(101);
        assertThat(d.action()).isEqualTo(RuleAction.LOG);
    }

    @Test
    void severalStatementsAreDecidedOnTheirSum() {
        Decision d = decide(DEFAULTS, rows("a", 600), rows("b", 401));

        assertThat(d.action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(d.totalRows()).isEqualTo(1001);
        assertThat(d.reasons()).containsExactly("1,001 rows > guard.confirmAbove (1,000)");
    }

    @Test
    void cappedAndEstimatedCountsSayTheyAreBounds() {
        Decision cappedTotal = decide(DEFAULTS, estimated(delete("t", capped("t", 1001))));
        Decision estimate = decide(DEFAULTS, estimated(delete("t",
                new dev.cascadeguard.report.TableEffect("t", EffectAction.DELETE, 3200, false, false, 0, List.of("t")))));

        assertThat(cappedTotal.reasons()).containsExactly("at least 1,001 rows > guard.confirmAbove (1,000)");
        assertThat(estimate.reasons()).containsExactly("about 3,200 rows > guard.confirmAbove (1,000)");
    }

    @Test
    void perTableThresholdsUseRowsSummedOverStatements() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.invoices.blockAbove", "0",
                "guard.table.orders.confirmAbove", "10"));
        Assessment first = estimated(delete("customers", effect("customers", EffectAction.DELETE, 1),
                effect("orders", EffectAction.DELETE, 6, "customers"),
                effect("invoices", EffectAction.DELETE, 12, "customers", "orders")));
        Assessment second = estimated(delete("Orders", effect("Orders", EffectAction.SET_NULL, 5)));

        Decision d = decide(s, first, second);

        assertThat(d.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(d.rule()).isEqualTo("guard.table.invoices.blockAbove");
        assertThat(d.unverifiable()).isFalse();
        assertThat(d.reasons()).containsExactly(
                "invoices: 12 rows > guard.table.invoices.blockAbove (0)",
                "orders: 11 rows > guard.table.orders.confirmAbove (10)");
    }

    @Test
    void perTableZeroMeansAnyRowButNotNone() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.invoices.confirmAbove", "0"));

        assertThat(decide(s, estimated(delete("orders", effect("orders", EffectAction.DELETE, 1),
                effect("invoices", EffectAction.DELETE, 0, "orders")))).action()).isEqualTo(RuleAction.ALLOW);
        assertThat(decide(s, estimated(delete("orders", effect("orders", EffectAction.DELETE, 1),
                effect("invoices", EffectAction.DELETE, 1, "orders")))).reasons())
                .containsExactly("invoices: 1 row > guard.table.invoices.confirmAbove (0)");
    }

    @Test
    void restrictRowsNeverTripATableRule() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.invoices.blockAbove", "0"));

        Decision d = decide(s, estimated(delete("orders", effect("orders", EffectAction.DELETE, 1),
                effect("invoices", EffectAction.RESTRICT, 3, "orders"))));

        assertThat(d.action()).isEqualTo(RuleAction.ALLOW);
        assertThat(d.reasons()).containsExactly("the database would refuse it: 3 rows in invoices still reference it (RESTRICT)");
    }

    @Test
    void qualifiedTableKeysMatchQualifiedNamesOrTheDefaultSchema() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.public.users.blockAbove", "0"));

        assertThat(decide(s, rows("users", 1)).action()).isEqualTo(RuleAction.ALLOW);
        assertThat(decide(s, rows("public.users", 1)).action()).isEqualTo(RuleAction.BLOCK);
        assertThat(Decider.decide(List.of(rows("users", 1)), s, null, "public").reasons())
                .containsExactly("users: 1 row > guard.table.public.users.blockAbove (0)");
        assertThat(Decider.decide(List.of(rows("users", 1)), s, null, "audit").action()).isEqualTo(RuleAction.ALLOW);
    }

    @Test
    void kindRules() {
        assertThat(decide(DEFAULTS, estimated(deleteAll("users", effect("users", EffectAction.DELETE, 3)))))
                .isEqualTo(new Decision(RuleAction.CONFIRM, false,
                        List.of("DELETE without WHERE: guard.deleteWithoutWhere = CONFIRM"),
                        "guard.deleteWithoutWhere", 3, false));
        assertThat(decide(GuardSettings.of(Map.of("guard.truncate", "block")),
                estimated(Reports.of(StatementKind.TRUNCATE, "users", effect("users", EffectAction.DELETE, 1))))
                .reasons()).containsExactly("TRUNCATE: guard.truncate = BLOCK");
        assertThat(decide(GuardSettings.of(Map.of("guard.drop", "log")),
                estimated(Reports.of(StatementKind.DROP, "users", effect("users", EffectAction.DELETE, 2)))))
                .isEqualTo(new Decision(RuleAction.LOG, false, List.of("DROP: guard.drop = LOG"), "guard.drop", 2, false));
        assertThat(decide(GuardSettings.of(Map.of("guard.deleteWithoutWhere", "allow")),
                estimated(deleteAll("users", effect("users", EffectAction.DELETE, 3)))))
                .isEqualTo(new Decision(RuleAction.ALLOW, false, List.of(), "", 3, false));
        assertThat(decide(DEFAULTS, estimated(delete("users"))).action()).isEqualTo(RuleAction.ALLOW);
    }

    @Test
    void kindRulesJudgeDestroyedRows() {
        // an empty table's DELETE without WHERE, TRUNCATE or DROP destroys nothing: no kind rule fires
        GuardSettings strict = GuardSettings.of(Map.of("guard.truncate", "BLOCK", "guard.drop", "BLOCK"));
        assertThat(decide(DEFAULTS, estimated(deleteAll("users", effect("users", EffectAction.DELETE, 0)))))
                .isEqualTo(new Decision(RuleAction.ALLOW, false, List.of(), "", 0, false));
        assertThat(decide(strict, estimated(Reports.of(StatementKind.TRUNCATE, "users",
                effect("users", EffectAction.DELETE, 0)))).action()).isEqualTo(RuleAction.ALLOW);
        assertThat(decide(strict, estimated(Reports.of(StatementKind.DROP, "users"))).action())
                .isEqualTo(RuleAction.ALLOW);
        // by default TRUNCATE and DROP are judged by the thresholds alone, like a DELETE of the same rows
        assertThat(decide(DEFAULTS, estimated(Reports.of(StatementKind.DROP, "users",
                effect("users", EffectAction.DELETE, 1000)))).action()).isEqualTo(RuleAction.LOG);
        assertThat(decide(DEFAULTS, estimated(Reports.of(StatementKind.DROP, "users",
                effect("users", EffectAction.DELETE, 1001)))).rule()).isEqualTo("guard.confirmAbove");
        assertThat(decide(DEFAULTS, estimated(Reports.of(StatementKind.TRUNCATE, "users",
                effect("users", EffectAction.DELETE, 50)))).action()).isEqualTo(RuleAction.ALLOW);
        // ... and the kind rules stay a stricter opt-in
        assertThat(decide(strict, estimated(Reports.of(StatementKind.TRUNCATE, "users",
                effect("users", EffectAction.DELETE, 1)))).action()).isEqualTo(RuleAction.BLOCK);
    }

    @Test
    void kindRulesInABatchNameTheirTable() {
        GuardSettings s = GuardSettings.of(Map.of("guard.truncate", "CONFIRM"));
        Decision d = decide(s, estimated(deleteAll("a", effect("a", EffectAction.DELETE, 1))),
                estimated(Reports.of(StatementKind.TRUNCATE, "b", effect("b", EffectAction.DELETE, 1))));

        assertThat(d.reasons()).containsExactly("DELETE without WHERE (a): guard.deleteWithoutWhere = CONFIRM",
                "TRUNCATE (b): guard.truncate = CONFIRM");
        assertThat(d.rule()).isEqualTo("guard.deleteWithoutWhere");
    }

    @Test
    void strictestWinsAndReasonsListEveryRuleStrictestFirst() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.users.blockAbove", "1000"));

        Decision d = decide(s, estimated(deleteAll("users", effect("users", EffectAction.DELETE, 1001))));

        assertThat(d.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(d.rule()).isEqualTo("guard.table.users.blockAbove");
        assertThat(d.reasons()).containsExactly(
                "users: 1,001 rows > guard.table.users.blockAbove (1,000)",
                "DELETE without WHERE: guard.deleteWithoutWhere = CONFIRM",
                "1,001 rows > guard.confirmAbove (1,000)");
    }

    @Test
    void wouldFailAddsAReasonButNeverRaisesTheAction() {
        Decision d = decide(DEFAULTS, estimated(delete("organizations",
                effect("organizations", EffectAction.DELETE, 1),
                effect("orders", EffectAction.RESTRICT, 3, "organizations"),
                effect("payments", EffectAction.RESTRICT, 1, "organizations"))));

        assertThat(d).isEqualTo(new Decision(RuleAction.ALLOW, false,
                List.of("the database would refuse it: 3 rows in orders, 1 row in payments still reference it (RESTRICT)"),
                "", 1, false));
        assertThat(decide(DEFAULTS, estimated(delete("o", effect("o", EffectAction.DELETE, 1),
                effect("x", EffectAction.RESTRICT, 1, "o")))).reasons())
                .containsExactly("the database would refuse it: 1 row in x still references it (RESTRICT)");
    }
}
