package dev.cascadeguard.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardSettingsValuesTest {

    private static final String KNOWN = "guard.mode, guard.logAbove, guard.confirmAbove, guard.blockAbove, "
            + "guard.deleteWithoutWhere, guard.truncate, guard.drop, guard.sqliteForeignKeysOff, guard.onEstimateError, "
            + "guard.allowSqlOverride, "
            + "guard.metadataTtlSeconds, guard.estimateTimeoutMs, guard.auditParameters, guard.listeners, guard.rules, "
            + "guard.table.<name>.confirmAbove, guard.table.<name>.blockAbove";

    @Test
    void everyValueIsRead() {
        GuardSettings s = GuardSettings.of(Map.ofEntries(
                Map.entry("guard.mode", "WARN"),
                Map.entry("guard.logAbove", "0"),
                Map.entry("guard.confirmAbove", " 10 "),
                Map.entry("guard.blockAbove", "9223372036854775807"),
                Map.entry("guard.deleteWithoutWhere", "block"),
                Map.entry("guard.truncate", "Log"),
                Map.entry("guard.drop", "ALLOW"),
                Map.entry("guard.sqliteForeignKeysOff", "confirm"),
                Map.entry("guard.onEstimateError", "allow"),
                Map.entry("guard.allowSqlOverride", "FALSE"),
                Map.entry("guard.metadataTtlSeconds", "0"),
                Map.entry("guard.estimateTimeoutMs", "150"),
                Map.entry("guard.auditParameters", "true")));

        assertThat(s.mode()).isEqualTo(GuardMode.WARN);
        assertThat(s.logAbove()).isZero();
        assertThat(s.confirmAbove()).isEqualTo(10);
        assertThat(s.blockAbove()).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
        assertThat(s.deleteWithoutWhere()).isEqualTo(RuleAction.BLOCK);
        assertThat(s.truncate()).isEqualTo(RuleAction.LOG);
        assertThat(s.drop()).isEqualTo(RuleAction.ALLOW);
        assertThat(s.sqliteForeignKeysOff()).isEqualTo(RuleAction.CONFIRM);
        assertThat(s.onEstimateError()).isEqualTo(RuleAction.ALLOW);
        assertThat(s.allowSqlOverride()).isFalse();
        assertThat(s.metadataTtlSeconds()).isZero();
        assertThat(s.estimateTimeoutMs()).isEqualTo(150);
        assertThat(s.auditParameters()).isTrue();
    }

    @Test
    void blockAboveNoneUnsetsIt() {
        assertThat(GuardSettings.of(Map.of("guard.blockAbove", "None")).blockAbove()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "guard.logAbove           | -5    | a whole number of rows, 0 or more",
            "guard.confirmAbove       | -5    | a whole number of rows, 0 or more",
            "guard.confirmAbove       | 1,000 | a whole number of rows, 0 or more",
            "guard.confirmAbove       | 1e3   | a whole number of rows, 0 or more",
            "guard.confirmAbove       | 99999999999999999999 | a whole number of rows, 0 or more",
            "guard.blockAbove         | lots  | a whole number of rows, 0 or more, or none",
            "guard.table.users.blockAbove   | x  | a whole number of rows, 0 or more",
            "guard.table.users.confirmAbove | -1 | a whole number of rows, 0 or more",
            "guard.metadataTtlSeconds | 5m    | a whole number of seconds, 0 or more",
            "guard.estimateTimeoutMs  | 2.5   | a whole number of milliseconds, 0 or more",
            "guard.deleteWithoutWhere | DENY  | one of ALLOW, LOG, CONFIRM, BLOCK (any case)",
            "guard.truncate           | ask   | one of ALLOW, LOG, CONFIRM, BLOCK (any case)",
            "guard.drop               | no    | one of ALLOW, LOG, CONFIRM, BLOCK (any case)",
            "guard.sqliteForeignKeysOff | OFF | one of ALLOW, LOG, CONFIRM, BLOCK (any case)",
            "guard.onEstimateError    | LOG   | BLOCK or ALLOW (any case)",
            "guard.onEstimateError    | CONFIRM | BLOCK or ALLOW (any case)",
            "guard.mode               | strict | one of enforce, warn, off (any case)",
            "guard.allowSqlOverride   | yes   | true or false",
            "guard.auditParameters    | 1     | true or false",
    })
    void badValuesNameKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
        assertThatThrownBy(() -> GuardSettings.of(Map.of(key, value)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.allowed()).isEqualTo(allowed);
                })
                .hasMessage(key + " = \"" + value + "\": expected " + allowed);
    }

    @Test
    void emptyValueIsABadValue() {
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.confirmAbove", "")))
                .hasMessage("guard.confirmAbove = \"\": expected a whole number of rows, 0 or more");
    }

    @Test
    void unknownKeyListsTheKnownOnesAndHintsAtTheCaseMatch() {
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.confirmabove", "5")))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.key()).isEqualTo("guard.confirmabove");
                    assertThat(e.value()).isNull();
                    assertThat(e.allowed()).isEqualTo(KNOWN);
                })
                .hasMessage("unknown setting guard.confirmabove (did you mean guard.confirmAbove?); known settings: "
                        + KNOWN);
    }

    @Test
    void unknownKeyWithoutACaseMatchHasNoHint() {
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.confirmAt", "5")))
                .hasMessage("unknown setting guard.confirmAt; known settings: " + KNOWN);
    }

    @Test
    void perTableKeyWithMiscasedSuffixGetsAHint() {
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.table.public.users.blockabove", "0")))
                .hasMessage("unknown setting guard.table.public.users.blockabove (did you mean "
                        + "guard.table.public.users.blockAbove?); known settings: " + KNOWN);
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.table.users", "0")))
                .hasMessage("unknown setting guard.table.users; known settings: " + KNOWN);
    }

    @Test
    void perTableKeyNeedsOneOrTwoNameParts() {
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.table.db.public.users.blockAbove", "0")))
                .hasMessage("guard.table.db.public.users.blockAbove = \"0\": expected a key of the form "
                        + "guard.table.<table>.blockAbove or guard.table.<schema>.<table>.blockAbove");
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.table..confirmAbove", "0")))
                .isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.table.\"open.confirmAbove", "0")))
                .isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void describeListsEveryKeyWithValueDefaultAndChoices() {
        GuardSettings s = GuardSettings.of(Map.of("guard.truncate", "block", "guard.table.invoices.blockAbove", "0"));

        List<SettingInfo> info = s.describe();

        assertThat(info).extracting(SettingInfo::key).containsExactly("guard.mode", "guard.logAbove",
                "guard.confirmAbove", "guard.blockAbove", "guard.deleteWithoutWhere", "guard.truncate", "guard.drop",
                "guard.sqliteForeignKeysOff", "guard.onEstimateError", "guard.allowSqlOverride", "guard.metadataTtlSeconds",
                "guard.estimateTimeoutMs", "guard.auditParameters", "guard.listeners", "guard.rules",
                "guard.table.<name>.confirmAbove",
                "guard.table.<name>.blockAbove", "guard.table.invoices.blockAbove");
        assertThat(info.get(5)).isEqualTo(new SettingInfo("guard.truncate", "BLOCK", "ALLOW",
                List.of("ALLOW", "LOG", "CONFIRM", "BLOCK"), "what to do with a TRUNCATE that empties at least one "
                + "row, beyond the row thresholds (ALLOW: the thresholds alone decide)"));
        assertThat(info.get(0).value()).isEqualTo("enforce");
        assertThat(info.get(0).choices()).containsExactly("enforce", "warn", "off");
        assertThat(info.get(3).value()).isEqualTo("none");
        assertThat(info.get(3).defaultValue()).isEqualTo("none");
        assertThat(info.get(7)).isEqualTo(new SettingInfo("guard.sqliteForeignKeysOff", "LOG", "LOG",
                List.of("ALLOW", "LOG", "CONFIRM", "BLOCK"), "what to do with a statement on a SQLite connection with "
                + "PRAGMA foreign_keys off (SQLite's default) that would leave at least one row pointing at a deleted "
                + "row, beyond the row thresholds"));
        assertThat(info.get(8).choices()).containsExactly("BLOCK", "ALLOW");
        assertThat(info.get(17).value()).isEqualTo("0");
        assertThat(info).allSatisfy(i -> assertThat(i.description()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void ofRejectsTwoKeysForOneSettingAndIgnoresOtherKeys() {
        assertThatThrownBy(() -> GuardSettings.of(Map.of("guard.table.a.blockAbove", "1",
                "guard.table.A.blockAbove", "2")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("expected one key per setting");
        assertThat(GuardSettings.of(Map.of("user", "sa"))).isEqualTo(GuardSettings.defaults());
    }

    @Test
    void listenersAreCommaSeparatedClassNames() {
        GuardSettings s = GuardSettings.of(java.util.Map.of("guard.listeners", " com.example.A , com.example.B$Inner ,"));

        org.assertj.core.api.Assertions.assertThat(s.listeners()).containsExactly("com.example.A", "com.example.B$Inner");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GuardSettings.of(java.util.Map.of("guard.listeners",
                        "com.example.A; rm -rf")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("guard.listeners");
    }
}
