package dev.cascadeguard.rules;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TableRuleMatchingTest {

    private static Optional<Long> confirm(GuardSettings s, String schema, String table) {
        return s.ruleFor(schema, table).flatMap(TableRule::confirmAbove).map(TableThreshold::rows);
    }

    private static Optional<Long> block(GuardSettings s, String schema, String table) {
        return s.ruleFor(schema, table).flatMap(TableRule::blockAbove).map(TableThreshold::rows);
    }

    @Test
    void bareNameMatchesTheTableInAnySchemaIgnoringCase() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.users.confirmAbove", "10"));

        assertThat(confirm(s, null, "users")).contains(10L);
        assertThat(confirm(s, "public", "USERS")).contains(10L);
        assertThat(confirm(s, "audit", "Users")).contains(10L);
        assertThat(s.ruleFor(null, "orders")).isEmpty();
    }

    @Test
    void qualifiedNameMatchesOnlyThatSchema() {
        GuardSettings s = GuardSettings.of(Map.of("guard.table.public.users.blockAbove", "0"));

        assertThat(block(s, "PUBLIC", "users")).contains(0L);
        assertThat(s.ruleFor("audit", "users")).isEmpty();
        assertThat(s.ruleFor(null, "users")).isEmpty();
        assertThat(s.ruleFor("public.users")).isPresent();
        assertThat(s.ruleFor("users")).isEmpty();
    }

    @Test
    void qualifiedKeyWinsPerThresholdAndTheBareKeyFillsTheRest() {
        GuardSettings s = GuardSettings.of(Map.of(
                "guard.table.users.blockAbove", "500",
                "guard.table.users.confirmAbove", "50",
                "guard.table.public.users.blockAbove", "5"));

        TableRule rule = s.ruleFor("public", "users").orElseThrow();

        assertThat(rule.blockAbove().orElseThrow().key()).isEqualTo("guard.table.public.users.blockAbove");
        assertThat(rule.blockAbove().orElseThrow().rows()).isEqualTo(5);
        assertThat(rule.confirmAbove().orElseThrow().key()).isEqualTo("guard.table.users.confirmAbove");
        assertThat(block(s, "audit", "users")).contains(500L);
    }

    @Test
    void quotedNamesMayHoldDots() {
        GuardSettings s = GuardSettings.of(Map.of(
                "guard.table.\"Order Items\".blockAbove", "1",
                "guard.table.[sales].`odd.name`.confirmAbove", "2"));

        assertThat(block(s, "x", "order items")).contains(1L);
        assertThat(confirm(s, "SALES", "odd.name")).contains(2L);
        assertThat(s.tableThresholds()).extracting(TableThreshold::schema).containsExactlyInAnyOrder(null, "sales");
    }
}
