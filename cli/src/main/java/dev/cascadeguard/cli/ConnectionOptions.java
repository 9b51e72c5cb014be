package dev.cascadeguard.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The options every command that connects shares (a picocli mixin): where, as whom, under which rules. */
final class ConnectionOptions {

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "JDBC URL of the database, plain (jdbc:postgresql://…) or guarded (jdbc:guard:postgresql://…).")
    String url;

    @Option(names = "--user", paramLabel = "U", description = "Database user.")
    String user;

    @Option(names = "--password", paramLabel = "P",
            description = "Database password (visible to other local users in the process list; prefer one in the URL "
                    + "or a driver-specific file where the database offers one).")
    String password;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Properties file with guard.* rules (sets guard.rules). Without it: system properties, "
                    + "cascade-guard.properties on the class path, defaults.")
    Path rules;

    /** A guarded connection to the database. */
    Connection open() throws SQLException {
        return GuardConnector.open(url, user, password, rules);
    }

    /** A plain connection to the same database, for reading its catalog. */
    Connection openPlain() throws SQLException {
        return GuardConnector.openPlain(url, user, password);
    }

    /** The guard rules the options name (or the usual layers without --rules). */
    dev.cascadeguard.rules.GuardSettings settings() {
        return GuardConnector.settings(rules);
    }
}
