package dev.cascadeguard.driver.dialect;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Declares which databases a {@link Dialect} handles, and makes it for one. Providers are
 * {@link java.util.ServiceLoader} services ({@code META-INF/services/dev.cascadeguard.driver.dialect.DialectProvider}),
 * so support for another database is a jar on the class path, not an edit here (as Flyway's
 * {@code DatabaseTypeRegister}). A provider has a public no-argument constructor; the dialect it makes may be
 * configured from the metadata (identifier case, server version).
 */
public interface DialectProvider {

    /**
     * True when this provider's dialect handles the database {@code metaData} describes: its product name, and
     * where that matters its version. Called once per database (not per connection); metadata the common drivers
     * answer without a round trip is preferred.
     */
    boolean handles(DatabaseMetaData metaData) throws SQLException;

    /**
     * Which provider wins when several handle one database: the highest. The built-in ones use 0, so a provider
     * that specialises one (a fork of PostgreSQL, say, that reports itself as PostgreSQL) wins with 1 or more.
     */
    default int priority() {
        return 0;
    }

    /** The dialect for the database {@code metaData} describes, which {@link #handles} accepted. */
    Dialect create(DatabaseMetaData metaData) throws SQLException;
}
