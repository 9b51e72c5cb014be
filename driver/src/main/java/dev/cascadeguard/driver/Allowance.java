package dev.cascadeguard.driver;

import dev.cascadeguard.rules.Budget;

import java.util.Optional;
import java.util.Set;

/**
 * A scoped allowance, opened with {@link CascadeGuard#allow(long, String)}: while it is open, guarded statements
 * on the thread that opened it, through any guarded connection, may destroy up to its remaining rows past a
 * CONFIRM rule. Each statement that runs while it is open spends its rows from it (and from every enclosing
 * scope); a statement over what is left is decided as if no scope were open. Never lifts a BLOCK.
 *
 * <p>Bound to the thread that opened it: another thread, and a pooled connection borrowed later on another
 * thread, never see it. Close it with try-with-resources; closing it again does nothing.
 */
public final class Allowance implements AutoCloseable {

    private static final ThreadLocal<Allowance> CURRENT = new ThreadLocal<>();
    /** Cleanup budgets open in the JVM: while none is, plain statements skip every budget check (one volatile read). */
    private static final java.util.concurrent.atomic.AtomicInteger ENFORCED_OPEN =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Allowance outer;
    private final Thread owner;
    private final long rows;
    private final String reason;
    /** A cleanup budget: a limit as well as a lift ({@link CascadeGuard#cleanupBudget}). */
    private final boolean enforced;
    private final Set<String> protectedTables;
    private long remaining;
    private volatile boolean closed;

    private Allowance(Allowance outer, long rows, String reason, boolean enforced, Set<String> protectedTables) {
        this.outer = outer;
        this.owner = Thread.currentThread();
        this.rows = rows;
        this.reason = reason == null ? "" : reason;
        this.remaining = rows;
        this.enforced = enforced;
        this.protectedTables = Set.copyOf(protectedTables);
    }

    static Allowance open(long rows, String reason, boolean enforced, Set<String> protectedTables) {
        if (rows < 0) {
            throw new IllegalArgumentException("an allowance must be 0 rows or more, was " + rows);
        }
        Allowance scope = new Allowance(innermostOpen(), rows, reason, enforced, protectedTables);
        if (enforced) {
            ENFORCED_OPEN.incrementAndGet();
        }
        CURRENT.set(scope);
        return scope;
    }

    /** True when the calling thread is inside a cleanup budget (cheap while none is open anywhere). */
    public static boolean underCleanupBudget() {
        if (ENFORCED_OPEN.get() == 0) {
            return false;
        }
        for (Allowance scope = innermostOpen(); scope != null; scope = scope.outer) {
            if (!scope.closed && scope.enforced) {
                return true;
            }
        }
        return false;
    }

    /** The calling thread's innermost open scope, if one is open. */
    public static Optional<Allowance> current() {
        return Optional.ofNullable(innermostOpen());
    }

    /**
     * This scope as the rules see it: what is left, and why it was opened. A cleanup budget anywhere around it still
     * limits (an allowance opened inside a cleanup budget never lifts the budget's limits).
     */
    public Budget budget() {
        boolean limited = false;
        Set<String> protectedHere = new java.util.HashSet<>();
        for (Allowance scope = this; scope != null; scope = scope.outer) {
            if (!scope.closed && scope.enforced) {
                limited = true;
                protectedHere.addAll(scope.protectedTables);
            }
        }
        return new Budget(remaining(), reason, limited ? "cleanup" : "scope", limited, protectedHere);
    }

    /** True for a cleanup budget ({@link CascadeGuard#cleanupBudget}): a limit as well as a lift. */
    public boolean enforced() {
        return enforced;
    }

    /** The tables a cleanup budget never lets a row of go (empty for an allowance). */
    public Set<String> protectedTables() {
        return protectedTables;
    }

    /**
     * Spends {@code rows} from this scope and every scope around it (the guard calls it for each statement that runs
     * under the scope); it can only lower what is left.
     */
    public void spend(long rows) {
        if (rows <= 0) {
            return;
        }
        for (Allowance scope = this; scope != null; scope = scope.outer) {
            if (!scope.closed) {
                scope.remaining = Math.max(0, scope.remaining - rows);
            }
        }
    }

    private static Allowance innermostOpen() {
        Allowance scope = CURRENT.get();
        while (scope != null && scope.endedHereOrOutside()) {
            scope = scope.outer;
        }
        return scope;
    }

    /** Closing a scope ends every scope opened inside it, even one its code forgot to close. */
    private boolean endedHereOrOutside() {
        for (Allowance scope = this; scope != null; scope = scope.outer) {
            if (scope.closed) {
                return true;
            }
        }
        return false;
    }

    /** The rows given when the scope was opened. */
    public long rows() {
        return rows;
    }

    public String reason() {
        return reason;
    }

    /** The rows statements may still destroy under this scope: its own rest, at most what enclosing scopes have. */
    public long remaining() {
        if (endedHereOrOutside()) {
            return 0;
        }
        long left = remaining;
        for (Allowance scope = outer; scope != null; scope = scope.outer) {
            if (!scope.closed) {
                left = Math.min(left, scope.remaining);
            }
        }
        return left;
    }

    /** The rows statements destroyed under this scope so far (at most {@link #rows()}). */
    public long spent() {
        return rows - remaining;
    }

    public boolean isOpen() {
        return !endedHereOrOutside();
    }

    /** Ends the scope (and any scope opened inside it and left open). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (enforced) {
            ENFORCED_OPEN.decrementAndGet();
        }
        closed = true;
        if (Thread.currentThread() == owner && CURRENT.get() != null) {
            Allowance scope = innermostOpen();
            if (scope == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(scope);
            }
        }
    }

    @Override
    public String toString() {
        return "Allowance[" + remaining() + " of " + rows + " rows left" + (reason.isEmpty() ? "" : ": " + reason)
                + (closed ? ", closed" : "") + "]";
    }
}
