package dev.cascadeguard.driver;

/**
 * Told of every decision the guard takes on a destructive statement, and of how each guarded statement that ran
 * ended: the seam for audit trails, test assertions ("this cleanup removed 42 rows in 3 tables"), metrics and
 * backups. Statements the guard passes through unchecked (SELECT, INSERT, an UPDATE) raise no event.
 *
 * <p>Register one with {@code guard.listeners=com.example.MyListener} (a public class with a public no-argument
 * constructor, one instance per class in the JVM) or {@link CascadeGuard#addListener}. The audit log
 * ({@code cascadeguard.audit}) is a listener too, always the first. Listeners are called on the thread running the
 * statement, in order; they must be quick and must not use the connection. A listener that throws is logged and
 * skipped: it never changes the decision or the data.
 */
public interface GuardListener {

    /** A decision was taken: the statement runs next, or was stopped (the exception follows this call). */
    default void decided(GuardEvent.Decided event) {
    }

    /** A statement that was decided on has run on the database (successfully or not). */
    default void executed(GuardEvent.Executed event) {
    }
}
