package dev.cascadeguard.driver.intercept;

import java.sql.Statement;

/** The guarded {@link Statement}: every execution path is in {@link GuardedStatementBase}. */
public final class GuardedStatement extends GuardedStatementBase<Statement> {

    GuardedStatement(GuardedConnection connection, Statement real, Checkpoint guard) {
        super(connection, real, guard);
    }
}
