package dev.cascadeguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.sql.SQLException;

/**
 * Turns a failure inside a command into exit code 2 and one line on stderr. A stack trace helps only whoever
 * debugs the tool, so it is printed with {@code --verbose} alone.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("cascade-guard: " + describe(e));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE_OR_ERROR;
    }

    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String firstLine = message.lines().findFirst().orElse(message);
        if (firstLine.startsWith("CascadeGuard: ")) {
            firstLine = firstLine.substring("CascadeGuard: ".length()); // the line already starts with our name
        }
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            return firstLine + " (SQLState " + sql.getSQLState() + ")";
        }
        return firstLine;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
