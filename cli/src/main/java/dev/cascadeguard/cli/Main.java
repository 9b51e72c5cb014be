package dev.cascadeguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code cascade-guard} command. Subcommands do the work ({@code explain}, {@code run}, {@code lint}); the top
 * command only prints its usage.
 */
@Command(name = "cascade-guard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {ExplainCommand.class, RunCommand.class, LintCommand.class},
        description = {"Predicts what a DELETE, TRUNCATE or DROP would cascade to, and what the guard rules would decide.",
                "explain: one statement; run: SQL scripts, statement by statement through the guard; lint: the schema's "
                        + "delete behaviour (cascade trees, findings, a CI gate)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:allowed (ALLOW or LOG); run: every statement ran; lint: no finding reaches --fail-on",
                "3:would be stopped (CONFIRM or BLOCK); run: stopped and rolled back (with --no-transaction the "
                        + "statements before it stay done; DDL on MySQL, MariaDB, H2 commits by itself); lint: a "
                        + "finding reaches --fail-on",
                "2:usage, connection or SQL error (one line on stderr)"})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams and returns its exit code; tests call this in-process. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree, configured for the exit codes of the contract. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // picocli's default for usage errors is already 2; failures inside a command must be 2 as well, not 1
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }

    /** Without a subcommand there is nothing to do: show what there is, and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE_OR_ERROR;
    }

    /** The version from the jar's manifest when there is one (the shaded jar), else "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"cascade-guard " + (v == null ? "development" : v)};
        }
    }
}
