package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.act.Listeners;
import dev.cascadeguard.driver.dialect.Dialects;
import dev.cascadeguard.driver.intercept.GuardedConnection;
import dev.cascadeguard.driver.parse.SqlParser;
import dev.cascadeguard.driver.spi.GuardEngine;
import dev.cascadeguard.rules.GuardSettings;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The guard's implementation, as the public API finds it ({@link GuardEngine}): one parser and one registry of
 * databases for the JVM, a {@link GuardSession} per connection.
 */
public final class SessionEngine implements GuardEngine {

    /** Databases whose graph stays cached with no connection open to them: the most recently connected. */
    private static final int RECENT_DATABASES = 32;
    private final SharedDatabases databases = new SharedDatabases(RECENT_DATABASES);
    private final SqlParser parser = new SqlParser();

    @Override
    public Guarding configure(GuardSettings settings) {
        Listeners listeners = Listeners.of(settings.listeners());
        return (real, databaseKey) -> {
            try {
                SharedDatabase database = databases.get(databaseKey, () -> Dialects.forConnection(real));
                GuardSession session = new GuardSession(real, database, settings, parser, listeners);
                return new GuardedConnection(real, session, session);
            } catch (SQLException | RuntimeException e) {
                real.close();
                throw e;
            }
        };
    }

    @Override
    public void clearCaches() {
        databases.clear();
        Listeners.clear();
    }
}
