package dev.cascadeguard.rules;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.ForeignKeyChecks;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.report.TableEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static dev.cascadeguard.rules.Reports.effect;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code guard.sqliteForeignKeysOff}: when it fires, what it says, and how it combines with the thresholds. */
class OrphanRuleTest {

    private static final String KEY = "guard.sqliteForeignKeysOff";

    /** DELETE FROM authors WHERE id = 1 with foreign keys off: one author deleted, {@code orphans} posts left. */
    private static Assessment authorDeleted(ForeignKeyChecks checks, long orphans) {
        List<TableEffect> effects = new java.util.ArrayList<>(List.of(effect("authors", EffectAction.DELETE, 1)));
        if (orphans > 0) {
            effects.add(effect("posts", EffectAction.ORPHAN, orphans, "authors"));
        }
        return new Assessment.Estimated(new CascadeReport("DELETE FROM authors WHERE id = 1", StatementKind.DELETE,
                "authors", true, effects, List.of(), List.of(), checks));
    }

    private static Decision decide(Map<String, String> settings, Assessment... a) {
        return Decider.decide(List.of(a), GuardSettings.of(settings), null);
    }

    @Test
    void defaultIsLogWithTheOrphansCounted() {
        Decision d = decide(Map.of(), authorDeleted(ForeignKeyChecks.SQLITE_OFF, 12));

        assertThat(d.action()).isEqualTo(RuleAction.LOG);
        assertThat(d.rule()).isEqualTo(KEY);
        assertThat(d.reasons()).containsExactly(
                "12 rows would be left pointing at deleted rows (PRAGMA foreign_keys is off): guard.sqliteForeignKeysOff = LOG");
        assertThat(d.totalRows()).as("orphans are left as they are, not changed").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(RuleAction.class)
    void eachValueIsTheActionTaken(RuleAction action) {
        Decision d = decide(Map.of(KEY, action.name().toLowerCase()), authorDeleted(ForeignKeyChecks.SQLITE_OFF, 1));

        assertThat(d.action()).isEqualTo(action);
        assertThat(d.rule()).isEqualTo(action == RuleAction.ALLOW ? "" : KEY);
    }

    @Test
    void noOrphansOrNotSqliteOrSwitchedOnNeverFires() {
        Map<String, String> block = Map.of(KEY, "BLOCK");

        assertThat(decide(block, authorDeleted(ForeignKeyChecks.SQLITE_OFF, 0)).action()).isEqualTo(RuleAction.ALLOW);
        assertThat(decide(block, authorDeleted(ForeignKeyChecks.OFF, 12)).action()).isEqualTo(RuleAction.ALLOW);
        assertThat(decide(block, authorDeleted(ForeignKeyChecks.ON, 12)).action()).isEqualTo(RuleAction.ALLOW);
    }

    @Test
    void theStrictestOfItAndTheThresholdsWins() {
        Decision thresholds = decide(Map.of(KEY, "LOG", "guard.confirmAbove", "0"),
                authorDeleted(ForeignKeyChecks.SQLITE_OFF, 5));
        assertThat(thresholds.action()).isEqualTo(RuleAction.CONFIRM);
        assertThat(thresholds.rule()).isEqualTo("guard.confirmAbove");
        assertThat(thresholds.reasons()).contains(
                "5 rows would be left pointing at deleted rows (PRAGMA foreign_keys is off): guard.sqliteForeignKeysOff = LOG");

        Decision orphans = decide(Map.of(KEY, "BLOCK", "guard.confirmAbove", "0"),
                authorDeleted(ForeignKeyChecks.SQLITE_OFF, 5));
        assertThat(orphans.action()).isEqualTo(RuleAction.BLOCK);
        assertThat(orphans.rule()).isEqualTo(KEY);
    }

    @Test
    void anOverrideCoversItsConfirmButNeverItsBlock() {
        SessionOverride allow = new SessionOverride(1, "cleanup", "java");
        Decision confirm = Decider.decide(List.of(authorDeleted(ForeignKeyChecks.SQLITE_OFF, 3)),
                GuardSettings.of(Map.of(KEY, "CONFIRM")), allow);
        assertThat(confirm.action()).isEqualTo(RuleAction.LOG);
        assertThat(confirm.overrideUsed()).isTrue();

        Decision block = Decider.decide(List.of(authorDeleted(ForeignKeyChecks.SQLITE_OFF, 3)),
                GuardSettings.of(Map.of(KEY, "BLOCK")), allow);
        assertThat(block.action()).isEqualTo(RuleAction.BLOCK);
    }

    @Test
    void inABatchTheStatementIsNamed() {
        Decision d = decide(Map.of(), authorDeleted(ForeignKeyChecks.SQLITE_OFF, 2),
                authorDeleted(ForeignKeyChecks.SQLITE_OFF, 1));

        assertThat(d.reasons()).containsExactly(
                "authors: 2 rows would be left pointing at deleted rows (PRAGMA foreign_keys is off): " + KEY + " = LOG",
                "authors: 1 row would be left pointing at deleted rows (PRAGMA foreign_keys is off): " + KEY + " = LOG");
    }
}
