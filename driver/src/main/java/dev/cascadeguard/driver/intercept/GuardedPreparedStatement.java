package dev.cascadeguard.driver.intercept;

import java.sql.PreparedStatement;

/**
 * The guarded {@link PreparedStatement}. {@code check} is what {@link Checkpoint#prepare} returned; null makes
 * the statement pass-through. Everything is in {@link GuardedPreparedStatementBase}.
 */
public final class GuardedPreparedStatement extends GuardedPreparedStatementBase<PreparedStatement> {

    GuardedPreparedStatement(GuardedConnection connection, PreparedStatement real, Checkpoint guard,
            Checkpoint.PreparedCheck check) {
        super(connection, real, guard, check);
    }
}
