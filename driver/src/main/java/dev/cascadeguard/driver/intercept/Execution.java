package dev.cascadeguard.driver.intercept;

import java.sql.SQLException;

/**
 * What a wrapper does with a statement the guard has looked at (a stop is an SQLException instead): run it — the SQL
 * the guard hands back, the one place a rewrite could change it for every plain execution path — or not (a session
 * command the guard consumed), refresh the schema afterwards, and tell an observer how it ended. Pass-through
 * statements get the shared constants: nothing is allocated or timed for them.
 */
public final class Execution {

    /** Run it as written; nothing to report. */
    public static final Execution RUN = new Execution(false, false, null, null);
    /** Run it as written, then tell the guard the schema may have changed. */
    public static final Execution RUN_THEN_REFRESH = new Execution(false, true, null, null);
    /** The guard consumed it (a session command): the database never sees it; report no rows, no result. */
    public static final Execution CONSUMED = new Execution(true, false, null, null);

    /** Told once how an observed execution ended. */
    @FunctionalInterface
    public interface Observer {
        /** @param failure the real driver's error, or null when it succeeded */
        void ended(SQLException failure, long nanos);
    }

    private final boolean consumed;
    private final boolean refreshesSchema;
    private final String sql;
    private final Observer observer;
    private final long started;
    private boolean ended;

    private Execution(boolean consumed, boolean refreshesSchema, String sql, Observer observer) {
        this.consumed = consumed;
        this.refreshesSchema = refreshesSchema;
        this.sql = sql;
        this.observer = observer;
        this.started = observer == null ? 0 : System.nanoTime();
    }

    /**
     * A statement that runs.
     *
     * @param sqlOrNull the SQL to run instead of what was written (plain statements only: a prepared statement's SQL
     *                  is fixed when it is prepared), or null to run it as written
     * @param observer  told how it ended, or null
     */
    public static Execution run(String sqlOrNull, boolean refreshesSchema, Observer observer) {
        if (sqlOrNull == null && observer == null) {
            return refreshesSchema ? RUN_THEN_REFRESH : RUN;
        }
        return new Execution(false, refreshesSchema, sqlOrNull, observer);
    }

    public boolean consumed() {
        return consumed;
    }

    public boolean refreshesSchema() {
        return refreshesSchema;
    }

    /** The SQL the real driver runs: {@code written}, unless the guard chose another. */
    public String sql(String written) {
        return sql == null ? written : sql;
    }

    /** The same, also refreshing the schema afterwards (a batch whose other part changed it). */
    public Execution withSchemaRefresh() {
        if (refreshesSchema || consumed) {
            return this;
        }
        return observer == null && sql == null ? RUN_THEN_REFRESH : new Execution(false, true, sql, observer);
    }

    /** Reports the end once (the first call wins: a failure caught before the finally that reports success). */
    public void ended(SQLException failure) {
        if (observer != null && !ended) {
            ended = true;
            observer.ended(failure, System.nanoTime() - started);
        }
    }
}
