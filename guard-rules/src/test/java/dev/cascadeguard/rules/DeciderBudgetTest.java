package dev.cascadeguard.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.cascadeguard.rules.Reports.capped;
import static dev.cascadeguard.rules.Reports.delete;
import static dev.cascadeguard.rules.Reports.estimated;
import static dev.cascadeguard.rules.Reports.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** Allowances that span statements ({@link Budget}): lift CONFIRM within what is left, never BLOCK. */
class DeciderBudgetTest {

    private static final GuardSettings DEFAULTS = GuardSettings.defaults();
    private static final Assessment BIG = rows("orders", 9641);

    @Test
    void aBudgetWithEnoughLeftLiftsConfirmAndSaysSo() {
        Budget scope = new Budget(10_000, "reset the test schema", "scope");

        Decision d = Decider.decide(List.of(BIG), DEFAULTS, null, List.of(scope), null);

        assertThat(d.action()).isEqualTo(RuleAction.LOG);
        assertThat(d.budgetUsed()).isEqualTo(scope);
        assertThat(d.overrideUsed()).isFalse();
        assertThat(d.rule()).isEqualTo("guard.confirmAbove");
        assertThat(d.reasons()).containsExactly("9,641 rows > guard.confirmAbove (1,000)",
                "allowance (scope) with 10,000 rows left covers 9,641 rows: reset the test schema");
    }

    @Test
    void aBudgetWithTooLittleLeftDecidesAsIfNoneWereOpen() {
        Decision d = Decider.decide(List.of(BIG), DEFAULTS, null, List.of(new Budget(9640, "", "scope")), null);

        assertThat(d.action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(d.budgetUsed()).isNull();
        assertThat(d.reasons()).contains("allowance (scope) with 9,640 rows left does not cover 9,641 rows");
    }

    @Test
    void theFirstBudgetThatCoversIsUsed() {
        Budget small = new Budget(10, "", "scope");
        Budget connection = new Budget(20_000, "SET guard.allow_rows_total", "sql-total");

        Decision d = Decider.decide(List.of(BIG), DEFAULTS, null, List.of(small, connection), null);

        assertThat(d.action()).isEqualTo(RuleAction.LOG);
        assertThat(d.budgetUsed()).isEqualTo(connection);
    }

    @Test
    void aBudgetNeverLiftsBlockNorCoversALowerBound() {
        GuardSettings blocking = GuardSettings.of(Map.of("guard.table.orders.blockAbove", "0"));
        Budget generous = new Budget(Long.MAX_VALUE, "", "scope");

        Decision blocked = Decider.decide(List.of(BIG), blocking, null, List.of(generous), null);
        Decision lowerBound = Decider.decide(List.of(estimated(delete("orders", capped("orders", 1001)))), DEFAULTS,
                null, List.of(generous), null);

        assertThat(blocked.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(blocked.budgetUsed()).isNull();
        assertThat(blocked.reasons()).anyMatch(r -> r.startsWith("an allowance never lifts BLOCK"));
        assertThat(lowerBound.action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(lowerBound.budgetUsed()).isNull();
    }

    @Test
    void anOverrideThatCoversComesFirst() {
        Decision d = Decider.decide(List.of(BIG), DEFAULTS, new SessionOverride(9641, "", "java"),
                List.of(new Budget(10_000, "", "scope")), null);

        assertThat(d.overrideUsed()).isTrue();
        assertThat(d.budgetUsed()).isNull();
        assertThat(d.action()).isEqualTo(RuleAction.LOG);
    }

    @Test
    void countingGoesFarEnoughToTellWhetherABudgetCovers() {
        assertThat(Decider.countCap(DEFAULTS, null, List.of(new Budget(50_000, "", "scope")))).isEqualTo(50_001);
        assertThat(Decider.countCap(DEFAULTS, null, List.of())).isEqualTo(1001);
    }

    @Test
    void aCleanupBudgetRunsCleanupAsWrittenWithinItAndBlocksBeyondIt() {
        Budget cleanup = new Budget(10_000, "test cleanup", "cleanup", true, java.util.Set.of("flyway_schema_history"));

        Decision within = Decider.decide(List.of(estimated(Reports.deleteAll("orders",
                Reports.effect("orders", dev.cascadeguard.report.EffectAction.DELETE, 9641)))), DEFAULTS, null,
                List.of(cleanup), null);
        Decision beyond = Decider.decide(List.of(rows("orders", 10_001)), DEFAULTS, null, List.of(cleanup), null);
        Decision small = Decider.decide(List.of(rows("orders", 5)), DEFAULTS, null,
                List.of(new Budget(4, "", "cleanup", true, java.util.Set.of())), null);

        // a DELETE without WHERE over the thresholds runs inside the budget: cleanup as written
        assertThat(within.action()).isEqualTo(RuleAction.LOG);
        assertThat(within.budgetUsed()).isEqualTo(cleanup);
        assertThat(beyond.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(beyond.rule()).isEqualTo(Decider.CLEANUP_BUDGET);
        assertThat(beyond.reasons()).contains("10,001 rows > the cleanup budget's 10,000 rows left (test cleanup)");
        // a limit, not only a lift: 5 rows are under every threshold, but over a 4-row budget
        assertThat(small.action()).isEqualTo(RuleAction.BLOCK);
    }

    @Test
    void aCleanupBudgetNeverLetsARowOfAProtectedTableGo() {
        Budget cleanup = new Budget(1_000_000, "", "cleanup", true, java.util.Set.of("FLYWAY_SCHEMA_HISTORY"));

        Decision d = Decider.decide(List.of(rows("public.flyway_schema_history", 1)), DEFAULTS, null,
                List.of(cleanup), null);

        assertThat(d.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(d.reasons()).contains("public.flyway_schema_history: 1 row in a table the cleanup budget protects");
    }

    @Test
    void aCleanupBudgetBlocksWhatItCannotProveStaysWithin() {
        Decision d = Decider.decide(List.of(estimated(delete("orders", capped("orders", 1001)))), DEFAULTS, null,
                List.of(new Budget(5_000, "", "cleanup", true, java.util.Set.of())), null);

        assertThat(d.action()).isEqualTo(RuleAction.BLOCK);
    }
}
