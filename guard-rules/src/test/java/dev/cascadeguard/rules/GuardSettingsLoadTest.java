package dev.cascadeguard.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardSettingsLoadTest {

    @TempDir
    Path dir;

    static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    /** A class loader whose class-path root is a temp dir holding {@code cascade-guard.properties}. */
    private URLClassLoader classPathWith(String content) throws IOException {
        Path root = Files.createDirectories(dir.resolve("cp"));
        Files.writeString(root.resolve("cascade-guard.properties"), content, StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    @Test
    void nothingSetGivesTheDefaults() {
        GuardSettings s = GuardSettings.load(new Properties(), new Properties(), null);

        assertThat(s).isEqualTo(GuardSettings.defaults());
        assertThat(s.mode()).isEqualTo(GuardMode.ENFORCE);
        assertThat(s.logAbove()).isEqualTo(100);
        assertThat(s.confirmAbove()).isEqualTo(1000);
        assertThat(s.blockAbove()).isEmpty();
        assertThat(s.deleteWithoutWhere()).isEqualTo(RuleAction.CONFIRM);
        assertThat(s.truncate()).isEqualTo(RuleAction.ALLOW);
        assertThat(s.drop()).isEqualTo(RuleAction.ALLOW);
        assertThat(s.onEstimateError()).isEqualTo(RuleAction.BLOCK);
        assertThat(s.allowSqlOverride()).isTrue();
        assertThat(s.metadataTtlSeconds()).isEqualTo(300);
        assertThat(s.estimateTimeoutMs()).isEqualTo(2000);
        assertThat(s.auditParameters()).isFalse();
        assertThat(s.rulesFile()).isEmpty();
    }

    @Test
    void connectionBeatsSystemBeatsFileBeatsDefaults() throws IOException {
        Path rules = file("rules.properties", """
                guard.logAbove = 1
                guard.confirmAbove = 2
                guard.blockAbove = 3
                guard.estimateTimeoutMs = 4
                """);
        Properties system = props("guard.rules", rules.toString(), "guard.confirmAbove", "20", "guard.blockAbove", "30");
        Properties connection = props("guard.blockAbove", "300");

        GuardSettings s = GuardSettings.load(connection, system, null);

        assertThat(s.blockAbove()).isEqualTo(OptionalLong.of(300));
        assertThat(s.confirmAbove()).isEqualTo(20);
        assertThat(s.logAbove()).isEqualTo(1);
        assertThat(s.estimateTimeoutMs()).isEqualTo(4);
        assertThat(s.metadataTtlSeconds()).isEqualTo(300);
        assertThat(s.rulesFile()).isEqualTo(rules.toString());
    }

    @Test
    void rulesPathFromTheConnectionBeatsTheOneFromSystemProperties() throws IOException {
        Path fromSystem = file("system.properties", "guard.logAbove=7\n");
        Path fromConnection = file("connection.properties", "guard.logAbove=8\n");

        GuardSettings s = GuardSettings.load(props("guard.rules", fromConnection.toString()),
                props("guard.rules", fromSystem.toString()), null);

        assertThat(s.logAbove()).isEqualTo(8);
    }

    @Test
    void classPathFileIsReadWhenNoRulesPathIsGiven() throws IOException {
        try (URLClassLoader loader = classPathWith("guard.drop=block\nguard.logAbove=5\n")) {
            GuardSettings s = GuardSettings.load(props("guard.logAbove", "6"), new Properties(), loader);

            assertThat(s.drop()).isEqualTo(RuleAction.BLOCK);
            assertThat(s.logAbove()).isEqualTo(6);
            assertThat(s.rulesFile()).endsWith("cp/cascade-guard.properties");
        }
    }

    @Test
    void rulesPathReplacesTheClassPathFile() throws IOException {
        Path rules = file("rules.properties", "guard.truncate=LOG\n");
        try (URLClassLoader loader = classPathWith("guard.drop=BLOCK\n")) {
            GuardSettings s = GuardSettings.load(props("guard.rules", rules.toString()), new Properties(), loader);

            assertThat(s.truncate()).isEqualTo(RuleAction.LOG);
            assertThat(s.drop()).isEqualTo(RuleAction.ALLOW);
        }
    }

    @Test
    void emptyRulesPathReadsNoFileAtAll() throws IOException {
        try (URLClassLoader loader = classPathWith("guard.drop=BLOCK\n")) {
            GuardSettings s = GuardSettings.load(props("guard.rules", ""), new Properties(), loader);

            assertThat(s.drop()).isEqualTo(RuleAction.ALLOW);
            assertThat(s.rulesFile()).isEmpty();
        }
    }

    @Test
    void otherPropertiesAreIgnoredAndNeverQuoted() {
        Properties connection = props("user", "sa", "password", "s3cret-value", "sslmode", "require",
                "guard.confirmAbove", "-5");

        assertThatThrownBy(() -> GuardSettings.load(connection, new Properties(), null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("guard.confirmAbove = \"-5\": expected a whole number of rows, 0 or more"
                        + " (from connection properties)")
                .message().doesNotContain("s3cret-value").doesNotContain("sa\"");
        GuardSettings fine = GuardSettings.load(props("user", "sa", "password", "x"), new Properties(), null);
        assertThat(fine).isEqualTo(GuardSettings.defaults());
    }

    @Test
    void missingRulesFileFails() {
        String missing = dir.resolve("nope.properties").toString();

        assertThatThrownBy(() -> GuardSettings.load(new Properties(), props("guard.rules", missing), null))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.key()).isEqualTo("guard.rules");
                    assertThat(e.value()).isEqualTo(missing);
                    assertThat(e.source()).isEqualTo("system properties");
                })
                .hasMessage("guard.rules = \"" + missing + "\": expected the path of an existing, readable "
                        + "properties file (from system properties)");
    }

    @Test
    void badValueInAFileNamesTheFile() throws IOException {
        Path rules = file("bad.properties", "guard.mode=strict\n");

        assertThatThrownBy(() -> GuardSettings.load(props("guard.rules", rules.toString()), new Properties(), null))
                .hasMessage("guard.mode = \"strict\": expected one of enforce, warn, off (any case) (from file "
                        + rules + ")");
    }

    @Test
    void rulesFileCannotPointToAnotherFile() throws IOException {
        Path rules = file("nested.properties", "guard.rules=/etc/other.properties\n");

        assertThatThrownBy(() -> GuardSettings.load(props("guard.rules", rules.toString()), new Properties(), null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("guard.rules = \"/etc/other.properties\": expected guard.rules in connection "
                        + "properties or system properties, not inside a rules file");
    }

    @Test
    void unknownKeyInAnyCaseOfThePrefixIsReported() {
        assertThatThrownBy(() -> GuardSettings.load(props("Guard.mode", "off"), new Properties(), null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("unknown setting Guard.mode (did you mean guard.mode?); known settings: ");
    }

    @Test
    void perTableKeysMergeAcrossLayersIgnoringCaseAndQuotes() {
        Properties system = props("guard.table.Users.blockAbove", "50");
        Properties connection = props("guard.table.\"users\".blockAbove", "5");

        GuardSettings s = GuardSettings.load(connection, system, null);

        assertThat(s.tableThresholds()).hasSize(1);
        assertThat(s.ruleFor("users").orElseThrow().blockAbove().orElseThrow().rows()).isEqualTo(5);
    }

    @Test
    void twoKeysForOneTableInOneLayerFail() {
        Properties connection = props("guard.table.Users.blockAbove", "5", "guard.table.users.blockAbove", "6");

        assertThatThrownBy(() -> GuardSettings.load(connection, new Properties(), null))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("guard.table.users.blockAbove = \"6\": expected one key per setting, but "
                        + "guard.table.Users.blockAbove sets the same one (from connection properties)");
    }

    @Test
    void latin1RulesFilesStillLoad() throws IOException {
        Path rules = dir.resolve("latin1.properties");
        Files.write(rules, "guard.table.caf\u00e9.blockAbove=3\n".getBytes(StandardCharsets.ISO_8859_1));

        GuardSettings s = GuardSettings.load(props("guard.rules", rules.toString()), new Properties(), null);

        assertThat(s.ruleFor("CAF\u00c9")).isPresent();
    }

    @Test
    void oneArgumentLoadReadsTheContextClassLoadersFile() throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = classPathWith("guard.auditParameters=true\n")) {
            thread.setContextClassLoader(loader);

            GuardSettings s = GuardSettings.load(props("guard.logAbove", "3"));

            assertThat(s.auditParameters()).isTrue();
            assertThat(s.logAbove()).isEqualTo(3);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
