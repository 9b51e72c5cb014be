package dev.cascadeguard.driver;

import dev.cascadeguard.rules.GuardReport;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection opened through a {@code jdbc:guard:} URL. Reach it from any pooled or wrapped connection with
 * {@code connection.unwrap(GuardConnection.class)}.
 */
public interface GuardConnection extends Connection {

    /**
     * Lets the next guarded statement on this connection change up to {@code rows} rows even where a CONFIRM
     * rule would stop it. Never lifts a BLOCK. Used once, then gone; also gone when the connection closes.
     */
    void allowNext(long rows, String reason) throws SQLException;

    /** Withdraws an override given with {@link #allowNext} or {@code SET guard.allow_rows}. */
    void clearOverride() throws SQLException;

    /**
     * What {@code sql} would do if it ran now, with {@code parameters} bound to its {@code ?} placeholders in
     * order: every table and row it would delete or change, and the decision the rules would take. Counts
     * every row (no cap) and changes nothing.
     */
    GuardReport preview(String sql, Object... parameters) throws SQLException;

    /**
     * The decision the driver would take if {@code sql} ran now, by the driver's own path: rows counted up to the
     * decision threshold (a capped count is a lower bound already past every threshold), in full where a CONFIRM
     * must name the real number, and failing closed ({@code guard.onEstimateError}) exactly where the driver would.
     * Changes nothing and leaves the override for the next statement. {@code explain} prints this decision.
     */
    GuardReport decide(String sql, Object... parameters) throws SQLException;

    /** Reloads the foreign-key graph now, for every connection to the same database. */
    void refreshMetadata() throws SQLException;
}
