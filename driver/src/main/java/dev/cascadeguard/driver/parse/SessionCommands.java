package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.ParsedStatement.SessionCommand;
import dev.cascadeguard.driver.parse.SqlLexer.Kind;
import dev.cascadeguard.driver.parse.SqlLexer.Token;

import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the guard's own session commands: {@code SET guard.allow_rows = N}, {@code SET guard.allow_rows TO N}
 * ({@code N} plain digits, optionally quoted, or {@code DEFAULT}) and {@code RESET guard.allow_rows}, and the
 * same with {@code guard.allow_rows_total}. Any other
 * statement of the form {@code SET|RESET guard.<key> ...} is still the guard's (it must never reach the
 * database) and comes back as an invalid {@link SessionCommand} with the reason.
 */
final class SessionCommands {

    static final String ALLOW_ROWS = "allow_rows";
    static final String ALLOW_ROWS_TOTAL = "allow_rows_total";

    private SessionCommands() {
    }

    /** True when the statement is addressed to the guard: SET or RESET followed by {@code guard.}. */
    static boolean isSessionCommand(StatementText statement) {
        List<Token> code = statement.codeTokens();
        String sql = statement.fullSql();
        return code.size() >= 3
                && (code.get(0).isWord(sql, "SET") || code.get(0).isWord(sql, "RESET"))
                && code.get(1).isWord(sql, "GUARD")
                && ".".equals(code.get(2).text(sql));
    }

    /** Words that may stand between SET and a setting's name: its scope (PostgreSQL, MySQL). */
    private static final java.util.Set<String> SCOPES = java.util.Set.of("SESSION", "LOCAL", "GLOBAL", "PERSIST",
            "PERSIST_ONLY");

    /**
     * A guard setting in any other spelling — {@code SET SESSION guard.mode}, {@code SET "guard.mode"},
     * {@code SET @@session.guard.mode}, {@code ALTER ROLE r SET guard.mode}, {@code set_config('guard.mode', …)} —
     * refused (never sent to the database, where PostgreSQL would keep it as a custom setting the guard never reads,
     * and the person would believe the guard changed); null when the statement names no guard setting that way.
     */
    static SessionCommand otherSpelling(StatementText statement) {
        List<Token> code = statement.codeTokens();
        String sql = statement.fullSql();
        boolean setConfig = statement.hasWord("SET_CONFIG");
        for (int i = 0; i < code.size(); i++) {
            Token token = code.get(i);
            if (setConfig && token.kind() == Kind.STRING && namesGuardSetting(token.text(sql).substring(1))) {
                return refused(statement);
            }
            if (!token.isWord(sql, "SET") && !token.isWord(sql, "RESET")) {
                continue;
            }
            int j = i + 1;
            while (j < code.size() && (code.get(j).kind() == Kind.WORD && SCOPES.contains(code.get(j).text(sql)
                    .toUpperCase(java.util.Locale.ROOT)) || "@".equals(code.get(j).text(sql))
                    || ".".equals(code.get(j).text(sql)))) {
                j++;
            }
            if (j < code.size() && (code.get(j).isWord(sql, "GUARD") && j + 1 < code.size()
                    && ".".equals(code.get(j + 1).text(sql))
                    || code.get(j).kind() == Kind.QUOTED_IDENTIFIER
                    && namesGuardSetting(Identifiers.unquote(code.get(j).text(sql))))) {
                return refused(statement);
            }
        }
        return null;
    }

    private static boolean namesGuardSetting(String name) {
        return name.regionMatches(true, 0, "guard.", 0, "guard.".length());
    }

    private static SessionCommand refused(StatementText statement) {
        return SessionCommand.invalid(statement.text(), "guard settings cannot be changed by SQL in any spelling: "
                + "only 'SET guard." + ALLOW_ROWS + " = N', 'SET guard." + ALLOW_ROWS_TOTAL + " = N' and their RESET "
                + "are the session's; guard.mode and the rules are the application's configuration (connection "
                + "properties, system properties, the rules file)");
    }

    static SessionCommand read(StatementText statement) {
        List<Token> code = statement.codeTokens();
        String sql = statement.fullSql();
        String text = statement.text();
        if (code.size() < 4 || code.get(3).kind() != Kind.WORD) {
            return SessionCommand.invalid(text, "a guard setting needs a name after 'guard.'");
        }
        String key = code.get(3).text(sql);
        boolean total = ALLOW_ROWS_TOTAL.equalsIgnoreCase(key);
        if (!total && !ALLOW_ROWS.equalsIgnoreCase(key)) {
            return SessionCommand.invalid(text, "unknown guard setting 'guard." + shorten(key)
                    + "'; the session settings are guard." + ALLOW_ROWS + " and guard." + ALLOW_ROWS_TOTAL);
        }
        String name = "guard." + (total ? ALLOW_ROWS_TOTAL : ALLOW_ROWS);
        if (code.get(0).isWord(sql, "RESET")) {
            return code.size() == 4 ? new SessionCommand(text, total, OptionalLong.empty())
                    : SessionCommand.invalid(text, "RESET " + name + " takes no value");
        }
        if (code.size() < 5 || !("=".equals(code.get(4).text(sql)) || code.get(4).isWord(sql, "TO"))) {
            return SessionCommand.invalid(text, "expected SET " + name + " = <rows>");
        }
        if (code.size() != 6) {
            return SessionCommand.invalid(text, name + " must be a non-negative integer");
        }
        Token value = code.get(5);
        if (value.isWord(sql, "DEFAULT")) {
            return new SessionCommand(text, total, OptionalLong.empty());
        }
        String digits = value.text(sql);
        if (value.kind() == Kind.STRING && digits.length() >= 2 && digits.charAt(0) == '\'') {
            digits = digits.substring(1, digits.length() - 1);
        } else if (value.kind() != Kind.WORD) {
            digits = "";
        }
        return parseRows(text, name, total, digits);
    }

    private static SessionCommand parseRows(String text, String name, boolean total, String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return SessionCommand.invalid(text, name + " must be a non-negative integer, not '"
                    + shorten(digits) + "'");
        }
        try {
            return new SessionCommand(text, total, OptionalLong.of(Long.parseLong(digits)));
        } catch (NumberFormatException tooLarge) {
            return SessionCommand.invalid(text, name + " is too large: " + shorten(digits));
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
