package dev.cascadeguard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Arguments and connections that go wrong before any SQL is explained: exit 2, one line, no stack trace. */
class UsageTest {

    @Test
    void missingUrlIsAUsageError() {
        CliRun run = CliRun.of("explain", "delete from users");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--url=URL'");
    }

    @Test
    void missingSqlIsAUsageError() {
        CliRun run = CliRun.of("explain", "--url", "jdbc:h2:mem:x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("SQL");
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliRun run = CliRun.of("explain", "--url", "jdbc:h2:mem:x", "--format", "yaml", "delete from users");

        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void noSubcommandPrintsUsageAndExitsTwo() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("explain");
    }

    @Test
    void urlWithoutJdbcIsRejectedWithoutEchoingIt() {
        CliRun run = CliRun.of("explain", "--url", "postgres://app:secret@db/app", "delete from users");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cascade-guard: --url must be a JDBC URL").doesNotContain("secret")
                .hasLineCount(1);
    }

    @Test
    void urlWithNoDriverIsExitTwoOnOneLine() {
        CliRun run = CliRun.of("explain", "--url", "jdbc:nosuchdb://host/db", "delete from users");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cascade-guard: no JDBC driver").hasLineCount(1);
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("explain", "--verbose", "--url", "jdbc:nosuchdb://host/db", "delete from users");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("\tat ");
    }

    @Test
    void unreachableServerIsExitTwo() {
        CliRun run = CliRun.of("explain", "--url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2",
                "delete from users");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cascade-guard: ").hasLineCount(1);
    }

    @Test
    void helpHasAnExampleAndExitsZero() {
        CliRun run = CliRun.of("explain", "--help");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("Examples:", "--param", "Exit codes:");
    }

    @Test
    void guardUrlsAreLeftAloneAndPlainOnesPrefixed() {
        assertThat(GuardConnector.guardUrl("jdbc:h2:mem:x")).isEqualTo("jdbc:guard:h2:mem:x");
        assertThat(GuardConnector.guardUrl(" jdbc:guard:h2:mem:x ")).isEqualTo("jdbc:guard:h2:mem:x");
    }
}
