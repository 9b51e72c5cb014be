package dev.cascadeguard.rules;

import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.StatementKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static dev.cascadeguard.rules.Reports.capped;
import static dev.cascadeguard.rules.Reports.delete;
import static dev.cascadeguard.rules.Reports.effect;
import static dev.cascadeguard.rules.Reports.estimated;
import static dev.cascadeguard.rules.Reports.rows;
import static org.assertj.core.api.Assertions.assertThat;

class DeciderOverrideTest {

    private static final GuardSettings DEFAULTS = GuardSettings.defaults();
    private static final Assessment BIG = rows("orders", 9641);

    @Test
    void overrideCoveringTheRowsTurnsConfirmIntoLog() {
        Decision d = Decider.decide(List.of(BIG), DEFAULTS, new SessionOverride(10_000, "nightly cleanup", "sql"));

        assertThat(d).isEqualTo(new Decision(RuleAction.LOG, false, List.of(
                "9,641 rows > guard.confirmAbove (1,000)",
                "session override (sql) of 10,000 rows covers 9,641 rows: nightly cleanup"),
                "guard.confirmAbove", 9641, true));
        assertThat(d.stops()).isFalse();
    }

    @Test
    void overrideOfExactlyTheRowsCovers() {
        Decision d = Decider.decide(List.of(BIG), DEFAULTS, new SessionOverride(9641, "", "java"));

        assertThat(d.action()).isEqualTo(RuleAction.LOG);
        assertThat(d.reasons()).endsWith("session override (java) of 9,641 rows covers 9,641 rows");
    }

    @Test
    void overrideTooSmallLeavesConfirm() {
        Decision d = Decider.decide(List.of(BIG), DEFAULTS, new SessionOverride(500, "x", "sql"));

        assertThat(d.action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(d.overrideUsed()).isFalse();
        assertThat(d.reasons()).containsExactly("9,641 rows > guard.confirmAbove (1,000)",
                "session override (sql) of 500 rows does not cover 9,641 rows");
    }

    @Test
    void overrideNeverCoversACappedCount() {
        Decision d = Decider.decide(List.of(estimated(delete("t", capped("t", 1001)))), DEFAULTS,
                new SessionOverride(5000, "", "java"));

        assertThat(d.action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(d.reasons()).contains("session override (java) of 5,000 rows does not cover at least 1,001 rows");
    }

    @Test
    void overrideCoversConfirmFromKindAndTableRules() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.users.confirmAbove", "0", "guard.truncate", "CONFIRM"));
        Assessment truncate = estimated(Reports.of(StatementKind.TRUNCATE, "users",
                effect("users", EffectAction.DELETE, 7)));

        Decision d = Decider.decide(List.of(truncate), s, new SessionOverride(7, "reset demo", "java"));

        assertThat(d.action()).isEqualTo(RuleAction.LOG);
        assertThat(d.overrideUsed()).isTrue();
        assertThat(d.rule()).isEqualTo("guard.truncate");
    }

    @Test
    void overrideNeverLiftsBlock() {
        SessionOverride generous = new SessionOverride(Long.MAX_VALUE, "please", "java");
        GuardSettings global = new GuardSettings(DEFAULTS.mode(), 100, 1000, OptionalLong.of(5000), List.of(),
                RuleAction.CONFIRM, RuleAction.CONFIRM, RuleAction.CONFIRM, RuleAction.BLOCK, true, 300, 2000, false, "");
        GuardSettings perTable = GuardSettings.of(Map.of("guard.table.orders.blockAbove", "0"));
        GuardSettings dropBlocked = GuardSettings.of(Map.of("guard.drop", "BLOCK"));

        Decision overGlobal = Decider.decide(List.of(BIG), global, generous);
        Decision overTable = Decider.decide(List.of(rows("orders", 1)), perTable, generous);
        Decision dropped = Decider.decide(List.of(estimated(Reports.of(StatementKind.DROP, "orders",
                effect("orders", EffectAction.DELETE, 2)))), dropBlocked, generous);

        for (Decision d : List.of(overGlobal, overTable, dropped)) {
            assertThat(d.action()).isEqualTo(RuleAction.BLOCK);
            assertThat(d.overrideUsed()).isFalse();
            assertThat(d.reasons()).contains("a session override never lifts BLOCK (override of "
                    + "9,223,372,036,854,775,807 rows not used)");
        }
    }

    @Test
    void overrideIsNotNeededBelowConfirm() {
        Decision d = Decider.decide(List.of(rows("t", 200)), DEFAULTS, new SessionOverride(10, "", "sql"));

        assertThat(d).isEqualTo(new Decision(RuleAction.LOG, false, List.of("200 rows > guard.logAbove (100)"),
                "guard.logAbove", 200, false));
    }

    @Test
    void sqlOverrideIsIgnoredWhenSqlOverridesAreOff() {
        GuardSettings s = GuardSettings.of(Map.of("guard.allowSqlOverride", "false"));

        Decision bySql = Decider.decide(List.of(BIG), s, new SessionOverride(10_000, "", "sql"));
        Decision byJava = Decider.decide(List.of(BIG), s, new SessionOverride(10_000, "", "java"));

        assertThat(bySql.action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(bySql.reasons()).endsWith("session override of 10,000 rows ignored: guard.allowSqlOverride = false");
        assertThat(byJava.action()).isEqualTo(RuleAction.LOG);
    }

    @Test
    void unverifiableBlocksByDefaultAndNoOverrideHelps() {
        Assessment broken = new Assessment.Unverifiable("DELETE FROM x WHERE ???", StatementKind.DELETE, "syntax error");

        Decision d = Decider.decide(List.of(broken), DEFAULTS, new SessionOverride(100, "", "java"));

        assertThat(d).isEqualTo(new Decision(RuleAction.BLOCK, true, List.of(
                "DELETE not checked (syntax error): guard.onEstimateError = BLOCK",
                "a session override never lifts BLOCK (override of 100 rows not used)"),
                "guard.onEstimateError", 0, false));
    }

    @Test
    void unverifiableUnderAllowIsLoggedAsUnchecked() {
        GuardSettings s = GuardSettings.of(Map.of("guard.onEstimateError", "ALLOW"));
        Assessment broken = new Assessment.Unverifiable("WITH x AS (...) DELETE ...", null, "could not parse");

        Decision d = Decider.decide(List.of(broken), s, null);

        assertThat(d).isEqualTo(new Decision(RuleAction.LOG, false,
                List.of("statement not checked (could not parse): guard.onEstimateError = ALLOW, so it runs unchecked"),
                "guard.onEstimateError", 0, false));
    }

    @Test
    void unverifiableTruncateStillMeetsTheTruncateRule() {
        GuardSettings s = GuardSettings.of(Map.of("guard.onEstimateError", "ALLOW", "guard.truncate", "BLOCK"));

        Decision d = Decider.decide(List.of(new Assessment.Unverifiable("TRUNCATE t", StatementKind.TRUNCATE, "timeout")),
                s, null);

        assertThat(d.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(d.unverifiable()).isFalse();
        assertThat(d.rule()).isEqualTo("guard.truncate");
    }

    @Test
    void aDefiniteBlockOutranksAnUnverifiableOne() {
        GuardSettings s = GuardSettings.of(Map.of("guard.blockAbove", "10"));
        Assessment broken = new Assessment.Unverifiable("DELETE ...", StatementKind.DELETE, "timeout");

        Decision d = Decider.decide(List.of(broken, rows("t", 11)), s, null);

        assertThat(d.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(d.unverifiable()).isFalse();
        assertThat(d.rule()).isEqualTo("guard.blockAbove");
        assertThat(d.totalRows()).isEqualTo(11);
        assertThat(d.reasons()).containsExactly("11 rows > guard.blockAbove (10)",
                "DELETE not checked (timeout): guard.onEstimateError = BLOCK");
    }

    @Test
    void countCapIsOneMoreThanTheLargestThreshold() {
        assertThat(Decider.countCap(DEFAULTS, null)).isEqualTo(1001);
        assertThat(Decider.countCap(GuardSettings.of(Map.of("guard.blockAbove", "5000")), null)).isEqualTo(5001);
        assertThat(Decider.countCap(GuardSettings.of(Map.of("guard.table.a.confirmAbove", "7000")), null))
                .isEqualTo(7001);
        assertThat(Decider.countCap(DEFAULTS, new SessionOverride(20_000, "", "sql"))).isEqualTo(20_001);
        assertThat(Decider.countCap(GuardSettings.of(Map.of("guard.logAbove", "0", "guard.confirmAbove", "0")), null))
                .isEqualTo(1);
        assertThat(Decider.countCap(DEFAULTS, new SessionOverride(Long.MAX_VALUE, "", "java"))).isEqualTo(Long.MAX_VALUE);
    }
}
