package dev.cascadeguard.driver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The guard's process-wide entry points.
 *
 * <pre>{@code
 * try (var scope = CascadeGuard.allow(50_000, "nightly archive: re-create the reporting schema")) {
 *     flyway.clean();
 *     flyway.migrate();
 * }
 * }</pre>
 */
public final class CascadeGuard {

    private CascadeGuard() {
    }

    /**
     * Opens a scoped allowance of {@code rows} rows on the calling thread: every guarded statement the thread runs
     * until the scope is closed, on any guarded connection (a pool's, Flyway's, Spring's {@code JdbcTemplate}'s),
     * may destroy rows past a CONFIRM rule while the scope has rows left, and spends them from it. Scopes nest: an
     * inner scope spends from the outer one too, and never allows more than the outer one has left. A scope never
     * lifts a BLOCK, and its use is audited with {@code reason}.
     */
    public static Allowance allow(long rows, String reason) {
        return Allowance.open(rows, reason, false, java.util.Set.of());
    }

    /**
     * Opens a cleanup budget on the calling thread: like {@link #allow}, every guarded statement on the thread may
     * destroy rows within what is left — a DELETE without WHERE or a TRUNCATE included — and spends them; unlike it,
     * the budget is also a limit: a statement that would destroy more than is left, or any row of one of
     * {@code protectedTables} (names as reports show them, any case, optionally schema-qualified), is blocked with
     * {@code XG002} before it runs, whatever the thresholds say. What test-cleanup guards are built on.
     */
    public static Allowance cleanupBudget(long rows, java.util.Collection<String> protectedTables, String reason) {
        return Allowance.open(rows, reason, true, java.util.Set.copyOf(protectedTables));
    }

    /**
     * Adds a listener told of every decision and execution on every guarded connection of this JVM (after the
     * audit log and those of {@code guard.listeners}). Close the returned registration to remove it; closing it
     * again does nothing, and never removes another registration of the same listener.
     */
    public static Registration addListener(GuardListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        Registered registered = new Registered(listener);
        REGISTERED.add(registered);
        return () -> REGISTERED.remove(registered);
    }

    /** The listeners added with {@link #addListener} and not yet removed, in order (a read-only snapshot). */
    public static List<GuardListener> listeners() {
        if (REGISTERED.isEmpty()) {
            return List.of();
        }
        List<GuardListener> listeners = new java.util.ArrayList<>(REGISTERED.size());
        for (Registered r : REGISTERED) {
            listeners.add(r.listener());
        }
        return listeners;
    }

    /** One registration: removed by its own identity, so two registrations of one listener stay apart. */
    private record Registered(GuardListener listener) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private static final List<Registered> REGISTERED = new CopyOnWriteArrayList<>();

    /** A listener's registration: closing it removes the listener. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
