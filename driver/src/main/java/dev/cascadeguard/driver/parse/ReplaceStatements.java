package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.SqlLexer.Kind;
import dev.cascadeguard.driver.parse.SqlLexer.Token;
import dev.cascadeguard.report.StatementKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code REPLACE [INTO] t [(cols)] VALUES (...), ...}, {@code REPLACE ... SELECT ...} and SQLite's
 * {@code INSERT OR REPLACE INTO ...} from the statement's tokens into {@link ParsedStatement.Replace}. Values must be
 * literals or {@code ?}: anything the server would evaluate (an expression, a function, a subquery) could yield a
 * value the guard would have to guess, so such a statement, and every other shape, fails closed as
 * {@link ParsedStatement.Unparseable}.
 */
final class ReplaceStatements {

    private static final Set<String> CONSTANT_WORDS = Set.of("NULL", "TRUE", "FALSE");
    private static final Set<String> MYSQL_MODIFIERS = Set.of("LOW_PRIORITY", "DELAYED");

    private final StatementText statement;
    private final String sql;
    private final List<Token> tokens;
    private int at;

    private ReplaceStatements(StatementText statement) {
        this.statement = statement;
        this.sql = statement.fullSql();
        this.tokens = statement.codeTokens();
    }

    /** True when the statement deletes rows by replacing them: REPLACE, INSERT OR REPLACE. */
    static boolean isReplace(StatementText statement) {
        List<Token> code = statement.codeTokens();
        String sql = statement.fullSql();
        if (code.isEmpty()) {
            return false;
        }
        if (code.get(0).isWord(sql, "REPLACE")) {
            return true;
        }
        return code.size() > 2 && code.get(0).isWord(sql, "INSERT") && code.get(1).isWord(sql, "OR")
                && code.get(2).isWord(sql, "REPLACE");
    }

    /** The statement as a Replace, or Unparseable when its shape is not one the guard can predict. */
    static ParsedStatement.Destructive of(StatementText statement) {
        try {
            return new ReplaceStatements(statement).parse();
        } catch (IllegalArgumentException unsupported) {
            return new ParsedStatement.Unparseable(statement.text(), "REPLACE deletes the rows it replaces, and their "
                    + "cascades; the guard predicts them only for VALUES of literals or ? and for REPLACE ... SELECT: "
                    + unsupported.getMessage(), StatementKind.REPLACE);
        }
    }

    private ParsedStatement.Destructive parse() {
        if (word("INSERT")) {
            expect("OR");
        }
        expect("REPLACE");
        while (peekWordIn(MYSQL_MODIFIERS)) {
            at++;
        }
        word("INTO");
        TableName table = tableName();
        if (peekWord("PARTITION") || peekWord("AS")) {
            throw new IllegalArgumentException("a PARTITION clause or table alias");
        }
        List<String> columns = new ArrayList<>();
        if (peek(Kind.OPEN_PAREN) && !selectFollows(at + 1)) {
            at++;
            do {
                columns.add(identifier());
            } while (symbol(","));
            expect(Kind.CLOSE_PAREN);
        }
        if (word("VALUES") || word("VALUE")) {
            List<List<SqlFragment>> rows = new ArrayList<>();
            do {
                rows.add(row());
            } while (symbol(","));
            if (at < tokens.size()) {
                throw new IllegalArgumentException("text after the VALUES rows (" + tokenText(at) + ")");
            }
            return new ParsedStatement.Replace(statement.text(), table, columns, rows, null);
        }
        if (selectFollows(at)) {
            if (statement.hasWord("CONFLICT") || statement.hasWord("RETURNING")) {
                throw new IllegalArgumentException("an upsert or RETURNING clause after the SELECT");
            }
            return new ParsedStatement.Replace(statement.text(), table, columns, List.of(), rest());
        }
        throw new IllegalArgumentException("neither VALUES nor SELECT" + (at < tokens.size()
                ? " (" + tokenText(at) + ")" : ""));
    }

    /** One {@code (v, ...)} of VALUES, each value a literal or a placeholder. */
    private List<SqlFragment> row() {
        expect(Kind.OPEN_PAREN);
        List<SqlFragment> values = new ArrayList<>();
        do {
            values.add(value());
        } while (symbol(","));
        expect(Kind.CLOSE_PAREN);
        return values;
    }

    private SqlFragment value() {
        Token token = next();
        if (token.kind() == Kind.PARAMETER) {
            return new SqlFragment("?", List.of(parameterNumber(token)));
        }
        if (token.kind() == Kind.STRING) {
            return SqlFragment.of(token.text(sql));
        }
        String sign = "";
        if (token.kind() == Kind.SYMBOL && ("-".equals(token.text(sql)) || "+".equals(token.text(sql)))) {
            sign = token.text(sql);
            token = next();
        }
        String text = token.text(sql);
        if (token.kind() == Kind.WORD && sign.isEmpty() && CONSTANT_WORDS.contains(text.toUpperCase(Locale.ROOT))) {
            return SqlFragment.of(text.toUpperCase(Locale.ROOT));
        }
        if (token.kind() == Kind.WORD && text.matches("\\d+")) {
            if (at + 1 < tokens.size() && tokenText(at).equals(".") && tokens.get(at + 1).start() == tokens.get(at).end()
                    && tokenText(at + 1).matches("\\d+([eE]\\d+)?")) {
                text = text + "." + tokenText(at + 1);
                at += 2;
            }
            return SqlFragment.of(sign + text);
        }
        throw new IllegalArgumentException("a value that is not a literal or ? (" + text + ")");
    }

    /** The 1-based number, among all JDBC placeholders of the whole string, of {@code parameter}. */
    private int parameterNumber(Token parameter) {
        int n = statement.parametersBefore();
        for (Token t : statement.tokens()) {
            if (t.kind() == Kind.PARAMETER) {
                n++;
            }
            if (t == parameter) {
                return n;
            }
        }
        throw new IllegalStateException("placeholder not in its statement");
    }

    /** The SELECT from the current token to the end, placeholders numbered. */
    private SqlFragment rest() {
        Token first = tokens.get(at);
        Token last = tokens.get(tokens.size() - 1);
        StringBuilder text = new StringBuilder();
        List<Integer> parameters = new ArrayList<>();
        int copied = first.start();
        for (Token t : statement.tokens()) {
            if (t.start() >= first.start() && t.kind() == Kind.PARAMETER) {
                parameters.add(parameterNumber(t));
            }
        }
        text.append(sql, copied, last.end());
        return new SqlFragment(text.toString(), parameters);
    }

    private boolean selectFollows(int index) {
        int i = index;
        while (i < tokens.size() && tokens.get(i).kind() == Kind.OPEN_PAREN) {
            i++;
        }
        return i < tokens.size() && (tokens.get(i).isWord(sql, "SELECT") || tokens.get(i).isWord(sql, "WITH"));
    }

    private TableName tableName() {
        String first = identifierToken();
        boolean quoted = Identifiers.isQuoted(first);
        if (symbol(".")) {
            String second = identifierToken();
            return new TableName(Identifiers.unquote(first), Identifiers.unquote(second), Identifiers.isQuoted(second));
        }
        return new TableName(null, Identifiers.unquote(first), quoted);
    }

    private String identifier() {
        return Identifiers.unquote(identifierToken());
    }

    private String identifierToken() {
        Token token = next();
        if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED_IDENTIFIER) {
            throw new IllegalArgumentException("a name expected at " + token.text(sql));
        }
        return token.text(sql);
    }

    private Token next() {
        if (at >= tokens.size()) {
            throw new IllegalArgumentException("the statement ends early");
        }
        return tokens.get(at++);
    }

    private String tokenText(int index) {
        return tokens.get(index).text(sql);
    }

    private boolean peek(Kind kind) {
        return at < tokens.size() && tokens.get(at).kind() == kind;
    }

    private boolean peekWord(String upper) {
        return at < tokens.size() && tokens.get(at).isWord(sql, upper);
    }

    private boolean peekWordIn(Set<String> upper) {
        return at < tokens.size() && tokens.get(at).kind() == Kind.WORD
                && upper.contains(tokenText(at).toUpperCase(Locale.ROOT));
    }

    private boolean word(String upper) {
        if (peekWord(upper)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String upper) {
        if (!word(upper)) {
            throw new IllegalArgumentException(upper + " expected");
        }
    }

    private void expect(Kind kind) {
        if (!peek(kind)) {
            throw new IllegalArgumentException(kind + " expected");
        }
        at++;
    }

    private boolean symbol(String text) {
        if (at < tokens.size() && tokens.get(at).kind() == Kind.SYMBOL && tokenText(at).equals(text)) {
            at++;
            return true;
        }
        return false;
    }
}
