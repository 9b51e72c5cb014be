package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.SqlLexer.Kind;
import dev.cascadeguard.driver.parse.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the schema statements that can destroy rows — DROP, TRUNCATE and {@code ALTER TABLE ... DROP COLUMN} —
 * from the lexer's tokens, in every dialect's spelling, without JSqlParser (which reads few of them: H2's
 * {@code DROP TABLE t IF EXISTS}, {@code CASCADE CONSTRAINTS}, {@code DROP ALL OBJECTS}, function signatures,
 * PostgreSQL's {@code TRUNCATE ONLY t *}). The grammar is small and fixed, and what it does not recognise fails
 * closed: a DROP or TRUNCATE it cannot read is {@link ParsedStatement.Unparseable}.
 *
 * <p>Only the objects that hold rows need their names read: tables, schemas and databases, and PostgreSQL types,
 * domains and extensions (whose {@code CASCADE} drops the columns that use them). Views, sequences, indexes,
 * functions, triggers, constraints and the like destroy no rows, whatever their names and arguments.
 */
final class DdlStatements extends TokenReader {

    /** Object types whose DROP destroys rows, or may through CASCADE; their names are read. */
    private static final List<String> NAMED_TYPES = List.of("ALL OBJECTS", "TABLE", "SCHEMA", "DATABASE", "TYPE",
            "DOMAIN", "EXTENSION");

    /**
     * Object types that hold no rows of their own, longest phrases first. A materialized view's rows are derived
     * from tables and can be computed again; a foreign table's rows live in another server.
     */
    private static final List<String> ROWLESS_TYPES = List.of(
            "FOREIGN DATA WRAPPER", "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY", "TEXT SEARCH PARSER",
            "TEXT SEARCH TEMPLATE", "SPATIAL REFERENCE SYSTEM", "MATERIALIZED VIEW", "FOREIGN TABLE",
            "EVENT TRIGGER", "USER MAPPING", "ACCESS METHOD", "OPERATOR CLASS", "OPERATOR FAMILY", "RESOURCE GROUP",
            "LOGFILE GROUP", "PACKAGE BODY", "VIEW", "SEQUENCE", "INDEX", "FUNCTION", "PROCEDURE", "ROUTINE",
            "AGGREGATE", "TRIGGER", "RULE", "POLICY", "CONSTRAINT", "ALIAS", "SYNONYM", "ROLE", "USER", "GROUP",
            "EVENT", "SERVER", "CAST", "COLLATION", "CONVERSION", "LANGUAGE", "OPERATOR", "STATISTICS",
            "TABLESPACE", "PUBLICATION", "SUBSCRIPTION", "TRANSFORM", "PACKAGE",
            // H2's DROP CONSTANT; MySQL's DROP PREPARE (= DEALLOCATE PREPARE)
            "CONSTANT", "PREPARE");

    /** Words that start an ALTER TABLE action; after a comma they end H2's {@code DROP COLUMN a, b} list. */
    private static final Set<String> ALTER_ACTIONS = Set.of("ADD", "DROP", "ALTER", "MODIFY", "CHANGE", "RENAME",
            "SET", "RESET", "ENABLE", "DISABLE", "NO", "INHERIT", "OWNER", "CLUSTER", "VALIDATE", "REPLICA",
            "FORCE", "ATTACH", "DETACH", "OF", "NOT", "ALGORITHM", "LOCK", "CONVERT", "DEFAULT", "CHARACTER",
            "COLLATE", "COMMENT", "ENGINE", "AUTO_INCREMENT", "ORDER", "IMPORT", "DISCARD", "COALESCE", "REORGANIZE",
            "EXCHANGE", "ANALYZE", "CHECK", "OPTIMIZE", "REBUILD", "REPAIR", "REMOVE", "UPGRADE", "TRUNCATE");

    /**
     * What {@code ALTER TABLE t DROP <phrase> <name>} drops besides a column, as the words that must follow DROP; none
     * holds rows. The phrase must be complete (a name after it, where it takes one): in PostgreSQL and SQLite
     * {@code DROP key} alone drops a column named key.
     */
    private static final List<String[]> DROP_NOT_COLUMN = List.of(
            new String[]{"CONSTRAINT", "?"}, new String[]{"PRIMARY", "KEY"}, new String[]{"FOREIGN", "KEY", "?"},
            new String[]{"INDEX", "?"}, new String[]{"KEY", "?"}, new String[]{"CHECK", "?"},
            new String[]{"PERIOD", "FOR"}, new String[]{"SYSTEM", "VERSIONING"}, new String[]{"PARTITIONING"});

    /** What a DROP inside another ALTER TABLE action may drop (ALTER COLUMN c DROP DEFAULT ...): never data. */
    private static final Set<String> DROP_INSIDE_ACTION = Set.of("DEFAULT", "NOT", "IDENTITY", "EXPRESSION");

    private DdlStatements(StatementText statement) {
        super(statement);
    }

    /**
     * The statement in the guard's model when it is a DROP, TRUNCATE or ALTER TABLE; null for anything else. What
     * the grammar cannot read fails closed ({@link ParsedStatement.Unparseable}) when it may destroy rows: every
     * DROP and TRUNCATE, and an ALTER that says DROP anywhere.
     */
    static ParsedStatement of(StatementText statement) {
        String first = statement.firstKeyword();
        if (!first.equals("DROP") && !first.equals("TRUNCATE") && !first.equals("ALTER")) {
            return null;
        }
        DdlStatements reader = new DdlStatements(statement);
        if (reader.code.isEmpty() || reader.code.get(0).kind() != Kind.WORD) {
            return null; // "(DROP ...)": not a form any database accepts; JSqlParser and the fallback decide
        }
        try {
            return switch (first) {
                case "DROP" -> reader.drop();
                case "TRUNCATE" -> reader.truncate();
                default -> reader.alterTable();
            };
        } catch (TokenReader.NotUnderstood e) {
            if (first.equals("ALTER") && !statement.hasWord("DROP")) {
                return new ParsedStatement.Other(statement.text(), true);
            }
            return new ParsedStatement.Unparseable(statement.text(), e.getMessage(), dev.cascadeguard.report.StatementKind.DROP);
        }
    }

    // ---- DROP

    private ParsedStatement drop() throws NotUnderstood {
        at = 1;
        acceptAny("TEMPORARY", "TEMP"); // MySQL's DROP TEMPORARY TABLE
        String type = objectType();
        if (type == null) {
            throw new NotUnderstood("DROP of an object the guard does not know");
        }
        if (type.equals("OWNED BY")) {
            throw new NotUnderstood("DROP OWNED BY drops every object of a role, tables included, which the guard "
                    + "does not count");
        }
        if (!NAMED_TYPES.contains(type)) {
            return new ParsedStatement.Drop(statement.text(), type, List.of(), hasWord("CASCADE"), rowlessObjects());
        }
        if (type.equals("ALL OBJECTS")) {
            // H2: DROP ALL OBJECTS [DELETE FILES] empties the whole database
            accept("DELETE");
            accept("FILES");
            expectEnd();
            return new ParsedStatement.Drop(statement.text(), type, List.of(), true);
        }
        acceptIfExists();
        accept("ONLY");
        List<TableName> names = new ArrayList<>();
        List<String> written = new ArrayList<>();
        do {
            int first = at;
            names.add(name());
            written.add(sql.substring(code.get(first).start(), code.get(at - 1).end()));
            accept("*");
        } while (accept(","));
        acceptIfExists(); // H2: DROP TABLE t IF EXISTS
        boolean cascade = false;
        if (accept("CASCADE")) {
            cascade = true;
            accept("CONSTRAINTS"); // H2 and Oracle: CASCADE CONSTRAINTS
        } else {
            accept("RESTRICT");
        }
        accept("PURGE");
        expectEnd();
        return new ParsedStatement.Drop(statement.text(), type, names, cascade, written);
    }

    /**
     * The objects of a DROP of row-less objects, each as written with its arguments ({@code f(integer)}), up to
     * the clauses after them ({@code CASCADE}, {@code RESTRICT}, {@code ON table}); where a database's CASCADE can
     * reach table data through them (PostgreSQL), the dialect looks them up.
     */
    private List<String> rowlessObjects() {
        acceptAny("CONCURRENTLY");
        acceptIfExists();
        List<String> objects = new ArrayList<>();
        int depth = 0;
        int first = at;
        while (at < code.size()) {
            Token t = code.get(at);
            if (t.kind() == Kind.OPEN_PAREN) {
                depth++;
            } else if (t.kind() == Kind.CLOSE_PAREN) {
                depth--;
            } else if (depth == 0 && (isText(t, ",") || isWord(at, "CASCADE") || isWord(at, "RESTRICT")
                    || isWord(at, "ON"))) {
                if (at > first) {
                    objects.add(sql.substring(code.get(first).start(), code.get(at - 1).end()));
                }
                if (!isText(t, ",")) {
                    return objects;
                }
                first = at + 1;
            }
            at++;
        }
        if (at > first) {
            objects.add(sql.substring(code.get(first).start(), code.get(at - 1).end()));
        }
        return objects;
    }

    /** The object type after DROP (upper case, words joined by one space), or null when it is none known. */
    private String objectType() {
        for (String phrase : NAMED_TYPES) {
            if (acceptPhrase(phrase)) {
                return phrase;
            }
        }
        for (String phrase : ROWLESS_TYPES) {
            if (acceptPhrase(phrase)) {
                return phrase;
            }
        }
        if (acceptPhrase("OWNED BY")) {
            return "OWNED BY";
        }
        return null;
    }

    // ---- TRUNCATE

    private ParsedStatement truncate() throws NotUnderstood {
        at = 1;
        accept("TABLE");
        List<TableName> tables = new ArrayList<>();
        do {
            accept("ONLY");
            tables.add(name());
            accept("*");
        } while (accept(","));
        boolean cascade = false;
        for (int clauses = 0; clauses < 3 && at < code.size(); clauses++) {
            if (acceptPhrase("RESTART IDENTITY") || acceptPhrase("CONTINUE IDENTITY") || accept("RESTRICT")
                    || acceptPhrase("REUSE STORAGE") || acceptPhrase("DROP STORAGE")) {
                continue;
            }
            if (accept("CASCADE")) {
                cascade = true;
                continue;
            }
            break;
        }
        expectEnd();
        return new ParsedStatement.Truncate(statement.text(), tables, cascade);
    }

    // ---- ALTER TABLE ... DROP [COLUMN]

    /** {@code ALTER TABLE t DROP COLUMN c} as {@link ParsedStatement.DropColumns}; other ALTERs are schema changes. */
    private ParsedStatement alterTable() throws NotUnderstood {
        at = 1;
        while (acceptAny("ONLINE", "IGNORE")) {
            // MariaDB: ALTER [ONLINE] [IGNORE] TABLE
        }
        if (!accept("TABLE")) {
            if (accept("TYPE") && hasWord("ATTRIBUTE") && hasWord("DROP")) {
                // PostgreSQL: ALTER TYPE t DROP ATTRIBUTE a CASCADE drops that column of every typed table
                throw new NotUnderstood("ALTER TYPE ... DROP ATTRIBUTE may drop table columns, which the guard "
                        + "does not count");
            }
            return new ParsedStatement.Other(statement.text(), true);
        }
        acceptIfExists();
        accept("ONLY");
        TableName table = name();
        accept("*");
        if (accept("WAIT")) {
            identifierToken(); // MariaDB: WAIT n
        } else {
            accept("NOWAIT");
        }
        List<String> columns = new ArrayList<>();
        boolean ifExists = false;
        while (at < code.size()) {
            if (!accept("DROP")) {
                skipAction();
                continue;
            }
            if (dropsSomethingElse()) {
                skipAction();
                continue;
            }
            accept("COLUMN");
            ifExists |= acceptIfExists();
            if (accept("(")) {
                do {
                    columns.add(identifier());
                } while (accept(","));
                expect(")");
            } else {
                columns.add(identifier());
                while (isText(at, ",") && continuesColumnList(at + 1)) {
                    at++; // H2: DROP COLUMN a, b
                    columns.add(identifier());
                }
            }
            acceptAny("CASCADE", "RESTRICT");
            if (at < code.size() && !accept(",")) {
                throw new NotUnderstood("unexpected words after DROP COLUMN");
            }
        }
        if (columns.isEmpty()) {
            return new ParsedStatement.Other(statement.text(), true);
        }
        return new ParsedStatement.DropColumns(statement.text(), table, columns, ifExists);
    }

    /** After DROP: a complete phrase that drops a constraint, key, index or the like rather than a column. */
    private boolean dropsSomethingElse() {
        for (String[] phrase : DROP_NOT_COLUMN) {
            int i = at;
            boolean matches = true;
            for (String word : phrase) {
                if (word.equals("?")) {
                    // the phrase takes a name (IF EXISTS may come first): without one the keyword is a column name
                    int name = isWord(i, "IF") && isWord(i + 1, "EXISTS") ? i + 2 : i;
                    matches = name < code.size() && (code.get(name).kind() == Kind.WORD
                            || code.get(name).kind() == Kind.QUOTED_IDENTIFIER);
                } else if (!isWord(i++, word)) {
                    matches = false;
                }
                if (!matches) {
                    break;
                }
            }
            if (matches) {
                return true;
            }
        }
        return false;
    }

    /** In H2's {@code DROP COLUMN a, b}: whether the token at {@code i} (after a comma) is another column. */
    private boolean continuesColumnList(int i) {
        if (i >= code.size()) {
            return false;
        }
        if (code.get(i).kind() == Kind.QUOTED_IDENTIFIER) {
            return true;
        }
        // an action keyword followed by more words starts the next action; a lone word is a column name
        boolean endsThere = i + 1 >= code.size() || isText(i + 1, ",");
        return code.get(i).kind() == Kind.WORD && (endsThere || !peekWordIn(i, ALTER_ACTIONS));
    }

    /**
     * Skips one ALTER TABLE action, up to and past the next comma outside parentheses. An action that drops
     * something other than a default, a NOT NULL, an identity or a generation expression is not one the grammar
     * knows: it fails closed.
     */
    private void skipAction() throws NotUnderstood {
        int depth = 0;
        while (at < code.size()) {
            Token t = code.get(at++);
            if (t.kind() == Kind.OPEN_PAREN) {
                depth++;
            } else if (t.kind() == Kind.CLOSE_PAREN) {
                depth--;
            } else if (depth == 0 && isText(t, ",")) {
                return;
            } else if (t.isWord(sql, "DROP") && !peekWordIn(at, DROP_INSIDE_ACTION)) {
                throw new NotUnderstood("an ALTER TABLE action that drops something the guard does not know");
            }
        }
    }

}
