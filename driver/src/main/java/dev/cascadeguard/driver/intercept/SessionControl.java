package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.rules.GuardReport;

import java.sql.SQLException;

/**
 * The {@link dev.cascadeguard.driver.GuardConnection} methods that are not about running a statement. The wrappers
 * only forward them: the session state they touch (overrides, previews, the foreign-key graph) belongs to the guard
 * side, which is usually the same object as the connection's {@link Checkpoint}.
 */
public interface SessionControl {

    void allowNext(long rows, String reason) throws SQLException;

    void clearOverride() throws SQLException;

    GuardReport preview(String sql, Object[] parameters) throws SQLException;

    GuardReport decide(String sql, Object[] parameters) throws SQLException;

    void refreshMetadata() throws SQLException;
}
