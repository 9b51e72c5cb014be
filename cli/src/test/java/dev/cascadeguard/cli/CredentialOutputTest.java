package dev.cascadeguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #20: a password in --url (any driver's syntax) or --password never shows in what explain or run print. */
class CredentialOutputTest {

    private static final String SECRET = "pw-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    /** Connections that fail, in the real driver or before it; with --verbose the stack trace is printed too. */
    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://127.0.0.1:1/test?user=app&password=%s&connectTimeout=2",
            "jdbc:postgresql://app:%s@127.0.0.1:1/test?connectTimeout=2",
            "jdbc:mariadb://127.0.0.1:1/test?user=root&password=%s&connectTimeout=2000",
            "jdbc:mariadb://root:%s@127.0.0.1:1/test?connectTimeout=2000",
            "jdbc:h2:tcp://127.0.0.1:1/x;USER=sa;PASSWORD=%s",
            "jdbc:nosuchdb://app:%s@db.example/x?password=%s",
            "postgresql://app:%s@db.example/x",
            "jdbc:guard:guard:h2:mem:x;PASSWORD=%s"})
    void failedConnectionsNeverPrintThePassword(String template) {
        String url = template.replace("%s", SECRET);
        for (String[] args : new String[][]{
                {"explain", "--url", url, "--password", SECRET, "DELETE FROM t WHERE id = 1"},
                {"explain", "--verbose", "--url", url, "--format", "json", "DELETE FROM t WHERE id = 1"},
                {"run", "--url", url, "--password", SECRET, script().toString()}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.out() + run.err()).as(String.join(" ", args)).doesNotContain(SECRET);
        }
    }

    /** A working H2 login with a password in the URL: explain (text, json) and run (dry and real) print none of it. */
    @Test
    void workingConnectionsNeverPrintThePassword() throws SQLException {
        String name = "jdbc:h2:mem:cred_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
        String url = name + ";USER=sa;PASSWORD=" + SECRET;
        try (Connection keepOpen = DriverManager.getConnection(url); Statement s = keepOpen.createStatement()) {
            s.execute("create table parent (id int primary key)");
            s.execute("create table child (id int primary key, parent_id int references parent(id) on delete cascade)");
            s.execute("insert into parent values (1), (2)");
            s.execute("insert into child values (1, 1), (2, 1), (3, 2)");
            for (String[] args : new String[][]{
                    {"explain", "--url", url, "--param", SECRET, "DELETE FROM parent WHERE id = 1 OR ? = 'x'"},
                    {"explain", "--url", name, "--user", "sa", "--password", SECRET, "--format", "json",
                            "DELETE FROM parent"},
                    {"run", "--url", url, "--dry-run", script().toString()},
                    {"run", "--url", name, "--user", "sa", "--password", SECRET, script().toString()}}) {
                CliRun run = CliRun.of(args);
                assertThat(run.exitCode()).as(run.err()).isIn(0, 3);
                assertThat(run.out()).as(String.join(" ", args)).isNotBlank();
                assertThat(run.out() + run.err()).as(String.join(" ", args)).doesNotContain(SECRET);
            }
            s.execute("SHUTDOWN");
        }
    }

    private Path script() {
        Path file = dir.resolve("script.sql");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "DELETE FROM parent WHERE id = 2;\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }
}
