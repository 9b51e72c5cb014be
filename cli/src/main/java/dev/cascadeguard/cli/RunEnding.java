package dev.cascadeguard.cli;

import java.io.PrintWriter;

/**
 * What became of one {@code run}: the statements done, the last one a DDL statement committed implicitly (MySQL,
 * MariaDB, H2), the outcome, and the summary printed from it.
 */
final class RunEnding {

    /** How a run ended, for its summary. */
    enum Outcome {
        /** Every statement ran in the one transaction, committed at the end. */
        COMMITTED,
        /** Every statement ran, each committed on its own (--no-transaction). */
        AUTOCOMMIT,
        /** Stopped or failed and rolled back: nothing stays done. */
        ROLLED_BACK,
        /** Stopped or failed after DDL that committed by itself: the statements up to it stay done. */
        PARTLY_COMMITTED,
        /** Stopped or failed with --no-transaction: the statements before it stay done. */
        STOPPED_AUTOCOMMIT,
        /** The rollback failed, or a failed DDL statement may have committed: what stays done is unknown. */
        UNKNOWN
    }

    /** Statements that ran. */
    int done;
    /** Statements up to and including the last one that committed implicitly (DDL), 0 when none did. */
    int committed;
    RunCommand.Step committedAt;
    RunTally committedTally;
    boolean failedDdl;
    Outcome outcome;
    String problem;

    /** The tally of what stays done: the part the DDL committed when the rest was rolled back. */
    RunTally stayingDone(RunTally tally) {
        return outcome == Outcome.PARTLY_COMMITTED ? committedTally : tally;
    }

    String committedText(StatementKind.Dialect dialect) {
        return dialect.display() + " committed " + (committed == 1 ? "statement 1" : "statements 1–"
                + committed) + " by itself at the DDL of " + committedAt.where()
                + " (" + RunCommand.shorten(committedAt.sql(), 40) + "), they stay done";
    }

    /** The rows destroyed per table, from the guard's reports of the statements that ran (and stay done). */
    void summary(PrintWriter out, RunTally tally, int total, StatementKind.Dialect dialect) {
        String stopped = "stopped after " + RunCommand.plural(done, "statement") + " of " + total;
        out.println(switch (outcome) {
            case COMMITTED -> "ran " + RunCommand.plural(done, "statement") + " in one transaction, committed";
            case AUTOCOMMIT -> "ran " + RunCommand.plural(done, "statement")
                    + ", each committed on its own (--no-transaction)";
            case ROLLED_BACK -> stopped + ": rolled back, no rows destroyed";
            case PARTLY_COMMITTED -> stopped + ": " + (committed == 1 ? "statement 1 stays"
                    : "statements 1–" + committed + " stay") + " committed (DDL commits by itself on "
                    + dialect.display() + ", last at " + committedAt.where() + "), the rest rolled back";
            case STOPPED_AUTOCOMMIT -> stopped + ", which stay done (--no-transaction)";
            case UNKNOWN -> stopped + ": " + (problem != null ? "the rollback failed"
                    : "a failed DDL statement may have committed them")
                    + "; the rows below may or may not be destroyed";
        });
        if (outcome != Outcome.ROLLED_BACK) {
            out.print(RunTally.table(tally.rows, "rows destroyed"));
            if (!tally.rows.isEmpty()) {
                out.println("total: " + RunTally.rowsText(tally.total(), tally.atLeast()) + " destroyed by "
                        + RunCommand.plural(tally.statements, "guarded statement"));
            }
        }
        out.flush();
    }
}
