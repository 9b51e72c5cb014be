package dev.cascadeguard.driver;

import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.SessionOverride;

import java.sql.SQLException;
import java.util.List;

/** What a {@link GuardListener} is told. */
public sealed interface GuardEvent {

    /** Every statement that was checked, with their reports and the one decision taken on them. */
    GuardReport report();

    /** What became of a checked statement. */
    enum Verdict {
        /** No rule fired: it runs. */
        ALLOWED,
        /** A LOG rule fired: it runs, and is audited. */
        LOGGED,
        /** A CONFIRM rule fired and the session's one-statement override covered it: it runs. */
        OVERRIDE_USED,
        /** A CONFIRM rule fired and an allowance ({@link CascadeGuard#allow}, {@code guard.allow_rows_total}) covered it. */
        ALLOWANCE_USED,
        /** CONFIRM or BLOCK: it never reaches the database. */
        STOPPED,
        /** CONFIRM or BLOCK in {@code guard.mode=warn}: it runs anyway. */
        WOULD_STOP;

        /** True when the statement goes on to the database. */
        public boolean runs() {
            return this != STOPPED;
        }
    }

    /** Stands, in {@link Decided#parameters()}, for a placeholder with no value bound. */
    enum Unset {
        VALUE;

        @Override
        public String toString() {
            return "unset";
        }
    }

    /**
     * A decision on what the application executed (one statement, a multi-statement string or a batch).
     *
     * @param verdict    what becomes of it
     * @param settings   the connection's settings the decision was taken under
     * @param override   the session's one-statement override that was offered (used or not), or null
     * @param parameters the values bound to the {@code ?} placeholders, one list per execution (one per batch entry);
     *                   empty for plain statements; {@link Unset#VALUE} where nothing was bound. Real values: mask
     *                   them where they must not be shown
     * @param checkNanos how long parsing, counting and deciding took
     */
    record Decided(GuardReport report, Verdict verdict, GuardSettings settings, SessionOverride override,
                   List<List<Object>> parameters, long checkNanos) implements GuardEvent {
        public Decided {
            parameters = List.copyOf(parameters);
        }

        /**
         * As a record's, but the parameter values are masked ({@code ?}) unless {@code guard.auditParameters=true}:
         * a listener that logs the event whole must not write bound values the audit trail itself would mask.
         */
        @Override
        public String toString() {
            List<List<Object>> shown = settings.auditParameters() ? parameters : parameters.stream()
                    .map(values -> values.stream().map(v -> (Object) "?").toList()).toList();
            return "Decided[report=" + report + ", verdict=" + verdict + ", settings=" + settings + ", override="
                    + override + ", parameters=" + shown + ", checkNanos=" + checkNanos + "]";
        }
    }

    /**
     * How a statement that was decided on and ran ended.
     *
     * @param decision       the decision it ran under
     * @param failure        the database's error, or null when it succeeded
     * @param executionNanos how long the real driver took
     */
    record Executed(Decided decision, SQLException failure, long executionNanos) implements GuardEvent {
        @Override
        public GuardReport report() {
            return decision.report();
        }

        public boolean succeeded() {
            return failure == null;
        }
    }
}
