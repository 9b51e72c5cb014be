package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run} where things go wrong before or around the SQL: exit 2 and one line, or the terminal's progress. */
class RunUsageTest {

    @TempDir
    Path tmp;

    @Test
    void missingScriptIsExitTwoOnOneLine() {
        Path missing = tmp.resolve("missing.sql");
        CliRun run = CliRun.of("run", "--url", "jdbc:h2:mem:run_missing", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cascade-guard: no such script: " + missing + "\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noScriptIsAUsageError() {
        CliRun run = CliRun.of("run", "--url", "jdbc:h2:mem:run_none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("SCRIPT.sql");
    }

    @Test
    void unterminatedStringIsExitTwoAndNothingRuns() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            db.execute("create table t (id int primary key)", "insert into t values (1)");
            Path script = Files.writeString(tmp.resolve("broken.sql"),
                    "delete from t;\ninsert into t values ('oops);\n");

            CliRun run = CliRun.of("run", "--url", db.jdbcUrl(), script.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("cascade-guard: " + script
                    + ":2: string opened with ' is never closed (nothing was run)\n");
            assertThat(db.count("t")).isEqualTo(1);
        }
    }

    @Test
    void unreachableServerIsExitTwoOnOneLine() throws Exception {
        Path script = Files.writeString(tmp.resolve("cleanup.sql"), "delete from t;\n");
        CliRun run = CliRun.of("run", "--url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2",
                script.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cascade-guard: ").hasLineCount(1);
    }

    @Test
    void negativeAllowRowsIsAUsageError() throws Exception {
        Path script = Files.writeString(tmp.resolve("cleanup.sql"), "delete from t;\n");
        CliRun run = CliRun.of("run", "--url", "jdbc:h2:mem:run_neg", "--allow-rows", "-1", script.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--allow-rows must be 0 or more");
    }

    @Test
    void helpHasAnExampleAndExitsZero() {
        CliRun run = CliRun.of("run", "--help");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("Examples:", "run --dry-run", "--allow-rows", "--no-transaction",
                "Exit codes:");
    }

    @Test
    void progressGoesToStderrOnlyOnATerminal() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            db.execute("create table t (id int primary key)", "insert into t values (1), (2)");
            Path script = Files.writeString(tmp.resolve("cleanup.sql"),
                    "delete from t where id = 1;\ndelete from t where id = 2;\n");
            var saved = RunCommand.terminal;
            try {
                RunCommand.terminal = () -> true;
                CliRun run = CliRun.of("run", "--url", db.jdbcUrl(), script.toString());

                assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
                assertThat(run.err()).contains("\rstatement 1 of 2 (" + script + ":1)",
                        "\rstatement 2 of 2 (" + script + ":2)");
                assertThat(run.out()).doesNotContain("statement 1 of 2");
                assertThat(db.count("t")).isZero();
            } finally {
                RunCommand.terminal = saved;
            }
        }
    }

    @Test
    void noProgressWhenNotATerminal() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            db.execute("create table t (id int primary key)", "insert into t values (1)");
            Path script = Files.writeString(tmp.resolve("cleanup.sql"), "delete from t where id = 1\n");
            var saved = RunCommand.terminal;
            try {
                RunCommand.terminal = () -> false;
                CliRun run = CliRun.of("run", "--url", db.jdbcUrl(), script.toString());

                assertThat(run.exitCode()).isEqualTo(0);
                assertThat(run.err()).isEmpty();
            } finally {
                RunCommand.terminal = saved;
            }
        }
    }

    @Test
    void pgDumpMetaCommandAndCopyAreRefusedBeforeAnythingRuns() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            db.execute("create table t (id int primary key)", "insert into t values (1)");
            Path meta = Files.writeString(tmp.resolve("dump.sql"),
                    "-- PostgreSQL database dump\n\\restrict Kx9\ndelete from t;\n");
            Path copy = Files.writeString(tmp.resolve("copy.sql"),
                    "delete from t;\nCOPY public.t (id) FROM stdin;\n2\n\\.\n");

            CliRun first = CliRun.of("run", "--url", db.jdbcUrl(), meta.toString());
            CliRun second = CliRun.of("run", "--url", db.jdbcUrl(), copy.toString());

            assertThat(first.exitCode()).isEqualTo(2);
            assertThat(first.err()).isEqualTo("cascade-guard: " + meta + ": psql meta-command at line 2 (\\restrict): "
                    + "run plain SQL; for pg_dump use --inserts (nothing was run)\n");
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err()).isEqualTo("cascade-guard: " + copy + ": COPY … FROM stdin at line 2 is psql's "
                    + "format: use pg_dump --inserts (nothing was run)\n");
            assertThat(db.count("t")).isEqualTo(1);
        }
    }

    @Test
    void dryRunErrorsGoToStderr() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            db.execute("create table t (id int primary key)");
            Path script = Files.writeString(tmp.resolve("bad.sql"), "SET SCHEMA no_such_schema;\ndelete from t;\n");

            CliRun run = CliRun.of("run", "--dry-run", "--url", db.jdbcUrl(), script.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("cascade-guard: " + script + ":1: cannot check: ").hasLineCount(1);
            assertThat(run.out()).contains("dry run: 1 statement could not be checked");
        }
    }
}
