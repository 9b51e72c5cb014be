package dev.cascadeguard.driver.dialect;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** Picks the dialect for a connection by the database's product name. */
public final class Dialects {

    private Dialects() {
    }

    public static Dialect forConnection(Connection connection) throws SQLException {
        return detect(connection.getMetaData());
    }

    /** PostgreSQL, H2, MariaDB or MySQL, SQLite; {@link GenericDialect} for anything else. */
    public static Dialect detect(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        String lower = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgresql")) {
            return new PostgresDialect();
        }
        if (lower.equals("h2")) {
            return new H2Dialect();
        }
        if (lower.startsWith("mariadb") || lower.startsWith("mysql")) {
            return new MariaDbDialect();
        }
        if (lower.startsWith("sqlite")) {
            return new SqliteDialect();
        }
        return GenericDialect.of(metaData);
    }
}
