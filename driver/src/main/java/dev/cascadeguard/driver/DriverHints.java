package dev.cascadeguard.driver;

/** What to put on the class path for a JDBC URL whose driver is missing. */
final class DriverHints {

    private DriverHints() {
    }

    static String hintFor(String realUrl) {
        String rest = realUrl.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        String sub = colon < 0 ? rest : rest.substring(0, colon);
        return switch (sub) {
            case "postgresql" -> "Add the PostgreSQL driver: org.postgresql:postgresql.";
            case "h2" -> "Add the H2 driver: com.h2database:h2.";
            case "mariadb" -> "Add the MariaDB driver: org.mariadb.jdbc:mariadb-java-client.";
            case "mysql" -> "Add MySQL Connector/J (com.mysql:mysql-connector-j) or the MariaDB driver "
                    + "(org.mariadb.jdbc:mariadb-java-client, which accepts jdbc:mysql: URLs with permitMysqlScheme).";
            case "sqlite" -> "Add the SQLite driver: org.xerial:sqlite-jdbc.";
            default -> "Add the JDBC driver for '" + sub + "' to the class path.";
        };
    }
}
