package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.SqlLexer.Kind;
import dev.cascadeguard.driver.parse.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A cursor over one statement's code tokens (comments left out), with the few moves a small hand-written grammar
 * needs: accept a keyword, a phrase or a symbol, read a (qualified, quoted) name, expect the end. What it cannot read
 * raises {@link NotUnderstood}; the grammar decides whether that fails closed.
 */
abstract class TokenReader {

    final StatementText statement;
    final String sql;
    final List<Token> code;
    /** The next token to read. */
    int at;

    TokenReader(StatementText statement) {
        this.statement = statement;
        this.sql = statement.fullSql();
        this.code = statement.codeTokens();
    }

    /** A possibly qualified name: {@code name}, {@code schema.name} or {@code catalog.schema.name}. */
    TableName name() throws NotUnderstood {
        List<Token> parts = new ArrayList<>();
        parts.add(identifierToken());
        while (isText(at, ".")) {
            at++;
            parts.add(identifierToken());
        }
        Token last = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? unquote(parts.get(parts.size() - 2)) : null;
        return new TableName(schema, unquote(last), last.kind() == Kind.QUOTED_IDENTIFIER);
    }

    /** A column name as written (quotes kept): the database folds it as it folds the statement's own. */
    String identifier() throws NotUnderstood {
        return identifierToken().text(sql);
    }

    Token identifierToken() throws NotUnderstood {
        if (at >= code.size()) {
            throw new NotUnderstood("a name is missing");
        }
        Token t = code.get(at);
        if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_IDENTIFIER || isText(at + 1, "&")) {
            // a string as a name (SQLite), U&"..." (PostgreSQL): not read, so not guessed at
            throw new NotUnderstood("expected a name, found '" + shorten(t.text(sql)) + "'");
        }
        at++;
        return t;
    }

    String unquote(Token t) {
        String text = t.text(sql);
        return t.kind() == Kind.QUOTED_IDENTIFIER ? Identifiers.unquote(text) : text;
    }

    boolean acceptIfExists() {
        if (isWord(at, "IF") && isWord(at + 1, "EXISTS")) {
            at += 2;
            return true;
        }
        return false;
    }

    boolean acceptPhrase(String phrase) {
        String[] words = phrase.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (!isWord(at + i, words[i])) {
                return false;
            }
        }
        at += words.length;
        return true;
    }

    boolean acceptAny(String... words) {
        for (String w : words) {
            if (accept(w)) {
                return true;
            }
        }
        return false;
    }

    /** Accepts a keyword (a WORD) or a symbol ("," "(" ")" "*" ".") at the cursor. */
    boolean accept(String text) {
        if (at < code.size() && (isWord(at, text) || !Character.isLetter(text.charAt(0)) && isText(at, text))) {
            at++;
            return true;
        }
        return false;
    }

    void expect(String text) throws NotUnderstood {
        if (!accept(text)) {
            throw new NotUnderstood("expected '" + text + "'");
        }
    }

    void expectEnd() throws NotUnderstood {
        if (at < code.size()) {
            throw new NotUnderstood("unexpected '" + shorten(code.get(at).text(sql)) + "'");
        }
    }

    boolean hasWord(String upper) {
        for (int i = at; i < code.size(); i++) {
            if (isWord(i, upper)) {
                return true;
            }
        }
        return false;
    }

    boolean peekWordIn(int i, Set<String> words) {
        return i < code.size() && code.get(i).kind() == Kind.WORD
                && words.contains(code.get(i).text(sql).toUpperCase(Locale.ROOT));
    }

    boolean isWord(int i, String upper) {
        return i < code.size() && code.get(i).isWord(sql, upper);
    }

    boolean isText(int i, String text) {
        return i < code.size() && isText(code.get(i), text);
    }

    boolean isText(Token t, String text) {
        return t.end() - t.start() == text.length() && sql.startsWith(text, t.start());
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** The statement leaves the grammar being read: the reader decides what that means (fail closed, or not). */
    static final class NotUnderstood extends Exception {
        private static final long serialVersionUID = 1L;

        NotUnderstood(String message) {
            super(message, null, false, false);
        }
    }
}
