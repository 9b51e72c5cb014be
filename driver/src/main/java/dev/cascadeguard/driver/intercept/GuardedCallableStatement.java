package dev.cascadeguard.driver.intercept;

import java.sql.CallableStatement;

/**
 * The guarded {@link CallableStatement}: checked like a prepared statement (the call's SQL went through
 * {@link Checkpoint#prepare}, positional parameters are recorded). The setters by parameter <em>name</em>
 * only delegate and record nothing: a name cannot be mapped to the {@code ?} position the guard's counting query
 * binds, so a guard that needs the values must treat such a call as unknown. Everything is in
 * {@link GuardedPreparedStatementBase}; the OUT-parameter getters and named setters are plain delegates in the
 * generated {@link DelegatingCallableStatement}.
 */
public final class GuardedCallableStatement extends DelegatingCallableStatement {

    GuardedCallableStatement(GuardedConnection connection, CallableStatement real, Checkpoint guard,
            Checkpoint.PreparedCheck check) {
        super(connection, real, guard, check);
    }
}
