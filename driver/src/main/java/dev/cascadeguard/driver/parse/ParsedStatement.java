package dev.cascadeguard.driver.parse;

import dev.cascadeguard.report.StatementKind;

import java.util.List;
import java.util.OptionalLong;

/** One statement of what the application executed, as the guard understands it. */
public sealed interface ParsedStatement {

    /** The statement's own text (one statement of a multi-statement string). */
    String sql();

    /** Statements that may destroy rows and must be checked. */
    sealed interface Destructive extends ParsedStatement {
        StatementKind kind();
    }

    /**
     * A DELETE in any of its forms. The estimator builds the target rows as
     * {@code [WITH with] SELECT ... FROM from [WHERE where] [orderAndLimit]}; when {@code joined} is true the
     * FROM clause joins other tables (PostgreSQL USING, MySQL multi-table) and may repeat a target row, so the
     * estimator must de-duplicate by the target's key.
     *
     * @param targets       the tables rows are deleted from (several only for MySQL {@code DELETE t1, t2 FROM ...})
     * @param with          the statement's own WITH list, without the WITH keyword (EMPTY when none)
     * @param recursiveWith true when that list was declared WITH RECURSIVE
     * @param from          the FROM clause body, target(s) included with their aliases, without the FROM keyword
     * @param joined        true when {@code from} holds more than the single target table
     * @param where         the condition without the WHERE keyword, or null when there is none
     * @param orderAndLimit ORDER BY / LIMIT clauses as written (EMPTY when none)
     */
    record Delete(String sql, List<DeleteTarget> targets, SqlFragment with, boolean recursiveWith, SqlFragment from,
                  boolean joined, SqlFragment where, SqlFragment orderAndLimit) implements Destructive {
        public Delete {
            targets = List.copyOf(targets);
        }

        @Override
        public StatementKind kind() {
            return StatementKind.DELETE;
        }

        public boolean hasWhere() {
            return where != null;
        }
    }

    /**
     * One table a DELETE removes rows from.
     *
     * @param table     the table
     * @param reference how the statement refers to it in conditions: its alias, or its name as written
     */
    record DeleteTarget(TableName table, String reference) {
    }

    /**
     * MySQL / MariaDB {@code REPLACE}, SQLite {@code INSERT OR REPLACE} / {@code REPLACE}: before inserting each new
     * row the database deletes every existing row that conflicts with it on the primary key or any unique key, and
     * that delete cascades as any DELETE does. Either {@code rows} (VALUES) or {@code select} is present.
     *
     * @param columns the column list as written, quotes removed (empty: every column, in table order)
     * @param rows    the VALUES rows, each value a literal or a {@code ?} as the statement wrote it (empty for SELECT)
     * @param select  the SELECT that produces the new rows, or null for VALUES
     */
    record Replace(String sql, TableName table, List<String> columns, List<List<SqlFragment>> rows,
                   SqlFragment select) implements Destructive {
        public Replace {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }

        @Override
        public StatementKind kind() {
            return StatementKind.REPLACE;
        }
    }

    /**
     * An UPDATE of one table, which may change a referenced key (whether it does is the graph's to say: the
     * session drops the ones that set no referenced column before anything is counted).
     *
     * @param table      the updated table
     * @param written    the table as the statement wrote it, with its alias: the counting SQL reads it the same way
     * @param reference  how conditions refer to it: its alias, or its name as written
     * @param columns    the SET columns, unquoted, in order
     * @param values     each SET column's new value (null where the SET is a tuple the guard does not split)
     * @param where      the condition without WHERE, or null
     * @param joined     true for UPDATE ... FROM / multi-table UPDATE / ORDER BY / LIMIT: not counted
     */
    record Update(String sql, TableName table, String written, String reference, List<String> columns,
                  List<SqlFragment> values, SqlFragment where, boolean joined) implements Destructive {
        public Update {
            columns = List.copyOf(columns);
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }

        @Override
        public StatementKind kind() {
            return StatementKind.UPDATE;
        }
    }

    /** TRUNCATE of one or more tables; {@code cascade} for PostgreSQL's TRUNCATE ... CASCADE. */
    record Truncate(String sql, List<TableName> tables, boolean cascade) implements Destructive {
        public Truncate {
            tables = List.copyOf(tables);
        }

        @Override
        public StatementKind kind() {
            return StatementKind.TRUNCATE;
        }
    }

    /**
     * DROP of some object.
     *
     * @param objectType what is dropped, upper case as written: TABLE, VIEW, SCHEMA, INDEX, ...
     * @param names      the dropped tables, schemas, databases, types, domains or extensions (empty for other
     *                   objects, which hold no rows)
     * @param cascade    true for DROP ... CASCADE
     * @param written    each dropped object as the statement wrote it, quotes and arguments kept
     *                   ({@code "public"."f"(integer)}), for the database's own name lookup
     */
    record Drop(String sql, String objectType, List<TableName> names, boolean cascade, List<String> written)
            implements Destructive {
        public Drop {
            names = List.copyOf(names);
            written = List.copyOf(written);
        }

        public Drop(String sql, String objectType, List<TableName> names, boolean cascade) {
            this(sql, objectType, names, cascade, names.stream().map(TableName::toString).toList());
        }

        @Override
        public StatementKind kind() {
            return StatementKind.DROP;
        }

        public boolean dropsTables() {
            return "TABLE".equals(objectType);
        }
    }

    /**
     * {@code ALTER TABLE t DROP COLUMN c}: every row keeps its place but loses the column's value, so the rows
     * holding a value there are what the statement destroys.
     *
     * @param columns  the dropped columns as written (quotes kept: the database folds them as it folds this
     *                 statement)
     * @param ifExists true when written {@code DROP COLUMN IF EXISTS}: a missing column is no error
     */
    record DropColumns(String sql, TableName table, List<String> columns, boolean ifExists) implements Destructive {
        public DropColumns {
            columns = List.copyOf(columns);
        }

        @Override
        public StatementKind kind() {
            return StatementKind.DROP;
        }
    }

    /**
     * A statement that looks destructive but could not be understood; the policy decides on it.
     *
     * @param problem the parser's complaint, shortened, without the whole SQL text
     * @param kind    what it would destroy, judged from its first keyword, so guard.truncate / guard.drop still
     *                apply to a TRUNCATE or DROP the parser could not read
     */
    record Unparseable(String sql, String problem, StatementKind kind) implements Destructive {
        private static final java.util.regex.Pattern FIRST_WORD = java.util.regex.Pattern.compile(
                "^(?:\\s|/\\*.*?\\*/|--[^\\n]*\\n|\\()*([A-Za-z]+)", java.util.regex.Pattern.DOTALL);

        public Unparseable(String sql, String problem) {
            this(sql, problem, guessKind(sql));
        }

        static StatementKind guessKind(String sql) {
            java.util.regex.Matcher m = FIRST_WORD.matcher(sql);
            String first = m.find() ? m.group(1).toUpperCase(java.util.Locale.ROOT) : "";
            return switch (first) {
                case "TRUNCATE" -> StatementKind.TRUNCATE;
                case "DROP" -> StatementKind.DROP;
                default -> StatementKind.DELETE;
            };
        }
    }

    /**
     * {@code SET guard.allow_rows = N} (rows present) or {@code RESET guard.allow_rows} (rows empty); with
     * {@code total}, {@code SET guard.allow_rows_total = N} / {@code RESET guard.allow_rows_total}, an allowance
     * for the following statements on the connection. A command addressed to the guard that it cannot obey
     * (unknown {@code guard.} key, a value that is not a non-negative integer) carries a {@code problem}: it must
     * be refused and never reach the database.
     *
     * @param total   true for {@code guard.allow_rows_total}
     * @param problem why the command is invalid, or null when it is valid
     */
    record SessionCommand(String sql, boolean total, OptionalLong allowRows, String problem) implements ParsedStatement {
        public SessionCommand(String sql, OptionalLong allowRows) {
            this(sql, false, allowRows, null);
        }

        public SessionCommand(String sql, boolean total, OptionalLong allowRows) {
            this(sql, total, allowRows, null);
        }

        public static SessionCommand invalid(String sql, String problem) {
            return new SessionCommand(sql, false, OptionalLong.empty(), problem);
        }

        public boolean isValid() {
            return problem == null;
        }
    }

    /** Anything else: it runs unchecked. {@code ddl} when it may change the schema (refresh the FK graph). */
    record Other(String sql, boolean ddl) implements ParsedStatement {
    }
}
