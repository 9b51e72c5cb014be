package dev.cascadeguard.cli;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code run} must know of a statement before it sends it: whether it controls the transaction, commits
 * implicitly, only changes the session, is the guard's own {@code SET guard.allow_rows}, or is a whole MySQL
 * executable comment to unwrap. Reads the statement's first words only; the splitter has removed leading comments.
 */
final class StatementKind {

    /** The database behind the connection, as far as {@code run} behaves differently. */
    enum Dialect {
        POSTGRESQL, MYSQL, MARIADB, H2, SQLITE, OTHER;

        static Dialect of(DatabaseMetaData meta) throws SQLException {
            String name = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
            String version = String.valueOf(meta.getDatabaseProductVersion()).toLowerCase(Locale.ROOT);
            if (name.contains("mariadb") || name.contains("mysql") && version.contains("mariadb")) {
                return MARIADB;
            }
            if (name.contains("mysql")) {
                return MYSQL;
            }
            if (name.contains("postgres")) {
                return POSTGRESQL;
            }
            if (name.equals("h2")) {
                return H2;
            }
            return name.contains("sqlite") ? SQLITE : OTHER;
        }

        boolean mysqlFamily() {
            return this == MYSQL || this == MARIADB;
        }

        /** DDL (and on MySQL LOCK / UNLOCK TABLES, GRANT …) commits the open transaction by itself. */
        boolean commitsDdl() {
            return mysqlFamily() || this == H2;
        }

        String display() {
            return switch (this) {
                case MYSQL -> "MySQL";
                case MARIADB -> "MariaDB";
                default -> name();
            };
        }
    }

    private static final Pattern TRANSACTION_CONTROL = Pattern.compile("(?is)(?:"
            // BEGIN [WORK | TRANSACTION | DEFERRED …], but not MariaDB's BEGIN NOT ATOMIC block
            + "(BEGIN)(?!\\s+NOT\\s+ATOMIC\\b)\\b"
            + "|(START\\s+TRANSACTION)\\b|(COMMIT)\\b|(END)\\b|(ROLLBACK)\\b|(ABORT)\\b"
            + "|(PREPARE\\s+TRANSACTION)\\b|(XA)\\s"
            + "|(SET)\\b.*\\b(?:@@(?:session\\.|local\\.|global\\.)?)?(autocommit)\\b"
            + ").*");
    private static final Pattern IMPLICIT_COMMIT = Pattern.compile("(?is)(?:"
            + "(?:CREATE|DROP)(?!\\s+(?:GLOBAL\\s+|LOCAL\\s+)?TEMPORARY\\b)\\b"
            + "|ALTER\\b|RENAME\\b|TRUNCATE\\b|GRANT\\b|REVOKE\\b).*");
    private static final Pattern MYSQL_IMPLICIT_COMMIT = Pattern.compile("(?is)(?:"
            + "LOCK\\s+TABLES?\\b|UNLOCK\\s+TABLES?\\b|FLUSH\\b"
            + "|(?:ANALYZE|OPTIMIZE|REPAIR)\\s+(?:NO_WRITE_TO_BINLOG\\s+|LOCAL\\s+)?TABLE\\b).*");
    /** SET and USE that change only the session (schema, role, variables); never the guard's, never the transaction. */
    private static final Pattern SESSION = Pattern.compile("(?is)(?:USE\\s+\\S+|SET\\s+"
            + "(?!(?:SESSION\\s+|LOCAL\\s+)?guard\\.)(?!.*\\b(?:GLOBAL|PERSIST|PERSIST_ONLY)\\b)"
            + "(?!TRANSACTION\\b)(?!SESSION\\s+CHARACTERISTICS\\b)(?!.*\\bautocommit\\b).+)");
    private static final Pattern GUARD_SET = Pattern.compile("(?is)(?:SET\\s+(?:SESSION\\s+|LOCAL\\s+)?guard\\."
            + "(allow_rows(?:_total)?)\\s*(?:=|\\s+TO\\s)\\s*'?(\\d+|DEFAULT)'?"
            + "|RESET\\s+guard\\.(allow_rows(?:_total)?))\\s*");
    private static final Pattern EXECUTABLE_COMMENT = Pattern.compile("(?s)/\\*(M?)!(\\d{5,6})?(.*)\\*/");

    private StatementKind() {
    }

    /** The transaction-control words the statement starts with (COMMIT, START TRANSACTION …), or null. */
    static String transactionControl(String sql) {
        Matcher m = TRANSACTION_CONTROL.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null && g < m.groupCount()) {
                String words = m.group(g).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                return words.equals("SET") ? "SET autocommit" : words;
            }
        }
        return "SET autocommit";
    }

    /** Whether the statement commits the open transaction by itself on this database (before and after it runs). */
    static boolean commitsImplicitly(String sql, Dialect dialect) {
        if (!dialect.commitsDdl()) {
            return false;
        }
        return IMPLICIT_COMMIT.matcher(sql).matches()
                || dialect.mysqlFamily() && MYSQL_IMPLICIT_COMMIT.matcher(sql).matches();
    }

    /** A SET or USE the dry run executes (in its rolled-back transaction) so that later statements see the session. */
    static boolean sessionOnly(String sql) {
        return SESSION.matcher(sql).matches();
    }

    /** {@code SET guard.allow_rows[_total] = N | DEFAULT} or {@code RESET …}: what it sets, else null. */
    record GuardSet(boolean total, OptionalLong rows) {
    }

    static GuardSet guardSet(String sql) {
        Matcher m = GUARD_SET.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        if (m.group(3) != null) {
            return new GuardSet(m.group(3).length() > "allow_rows".length(), OptionalLong.empty());
        }
        boolean total = m.group(1).length() > "allow_rows".length();
        String value = m.group(2);
        return new GuardSet(total, value.equalsIgnoreCase("DEFAULT") ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(value)));
    }

    /**
     * A statement that is one whole MySQL executable comment, {@code /*!NNNNN …*}{@code /} or MariaDB's
     * {@code /*M!NNNNNN …*}{@code /}: the SQL inside when this server would run it, "" when it would skip it (an older
     * version, or {@code M!} on MySQL); anything else unchanged.
     */
    static String unwrap(String sql, Dialect dialect, int serverVersion) {
        Matcher m = EXECUTABLE_COMMENT.matcher(sql);
        if (!dialect.mysqlFamily() || !m.matches() || m.group(3).contains("*/")) {
            return sql;
        }
        boolean mariaOnly = !m.group(1).isEmpty();
        boolean runs = (!mariaOnly || dialect == Dialect.MARIADB)
                && (m.group(2) == null || Integer.parseInt(m.group(2)) <= serverVersion);
        return runs ? m.group(3).strip() : "";
    }

    /** The server's version as executable comments number it: 10.6.16 is 100616, 8.0.36 is 80036. */
    static int version(DatabaseMetaData meta) throws SQLException {
        // MySQL's driver reports MariaDB as "5.5.5-10.6.16-MariaDB": the real version follows the prefix
        String text = String.valueOf(meta.getDatabaseProductVersion()).replaceFirst("^5\\.5\\.5-", "");
        Matcher m = Pattern.compile("^\\D*(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(text);
        if (!m.find()) {
            return meta.getDatabaseMajorVersion() * 10_000 + meta.getDatabaseMinorVersion() * 100;
        }
        return Integer.parseInt(m.group(1)) * 10_000 + Math.min(99, Integer.parseInt(m.group(2))) * 100
                + (m.group(3) == null ? 0 : Math.min(99, Integer.parseInt(m.group(3))));
    }
}
