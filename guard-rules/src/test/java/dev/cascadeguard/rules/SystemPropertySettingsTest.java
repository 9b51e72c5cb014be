package dev.cascadeguard.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

import static dev.cascadeguard.rules.GuardSettingsLoadTest.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #20: a stray {@code -Dguard.*} of another tool must not fail every connection. */
class SystemPropertySettingsTest {

    @TempDir
    Path dir;

    @Test
    void unknownSystemPropertyIsIgnoredAndReportedWithTheNearestKey() {
        List<IgnoredSetting> ignored = new ArrayList<>();
        Properties system = props("guard.password", "s3cret", "guard.confirmAbov", "5", "guard.blockAbove", "70");

        GuardSettings s = GuardSettings.load(new Properties(), system, null, ignored::add);

        assertThat(s.blockAbove()).isEqualTo(OptionalLong.of(70));
        assertThat(s.confirmAbove()).isEqualTo(1000);
        assertThat(ignored).containsExactly(
                new IgnoredSetting("guard.confirmAbov", "guard.confirmAbove"),
                new IgnoredSetting("guard.password", "guard.mode"));
        assertThat(ignored.toString()).doesNotContain("s3cret");
    }

    @Test
    void wrongCaseAndBadTableSuffixNameTheirIntendedKey() {
        List<IgnoredSetting> ignored = new ArrayList<>();

        GuardSettings.load(new Properties(), props("guard.MODE", "off", "guard.table.users.blockabove", "0"),
                null, ignored::add);

        assertThat(ignored).containsExactly(
                new IgnoredSetting("guard.MODE", "guard.mode"),
                new IgnoredSetting("guard.table.users.blockabove", "guard.table.users.blockAbove"));
    }

    @Test
    void theShortLoadIgnoresUnknownSystemPropertiesToo() {
        GuardSettings s = GuardSettings.load(new Properties(), props("guard.otherTool.enabled", "yes"), null);

        assertThat(s).isEqualTo(GuardSettings.defaults());
    }

    @Test
    void knownSystemPropertyWithABadValueStillFailsAndSaysWhereItCameFrom() {
        assertThatThrownBy(() -> GuardSettings.load(new Properties(), props("guard.mode", "strict"), null, i -> { }))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.key()).isEqualTo("guard.mode");
                    assertThat(e.source()).isEqualTo("system properties");
                })
                .hasMessage("guard.mode = \"strict\": expected one of enforce, warn, off (any case) "
                        + "(from system properties)");
    }

    @Test
    void malformedTableKeyInSystemPropertiesStillFails() {
        assertThatThrownBy(() -> GuardSettings.load(new Properties(),
                props("guard.table..blockAbove", "0"), null, i -> { }))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("guard.table..blockAbove")
                .hasMessageContaining("(from system properties)");
    }

    @Test
    void unknownConnectionPropertyStillFails() {
        List<IgnoredSetting> ignored = new ArrayList<>();

        assertThatThrownBy(() -> GuardSettings.load(props("guard.password", "x"), new Properties(), null,
                ignored::add))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("unknown setting guard.password")
                .hasMessageEndingWith("(from connection properties)");
        assertThat(ignored).isEmpty();
    }

    @Test
    void unknownKeyInTheRulesFileStillFails() throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.properties"), "guard.confirmAbov=5\n");

        assertThatThrownBy(() -> GuardSettings.load(new Properties(), props("guard.rules", rules.toString()), null,
                i -> { }))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("unknown setting guard.confirmAbov (did you mean")
                .hasMessageEndingWith("(from file " + rules + ")");
    }
}
