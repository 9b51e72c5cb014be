package dev.cascadeguard.driver.parse;

import java.util.List;

/** Everything in one SQL string the application executed, statement by statement. Immutable; cached by text. */
public record ParsedSql(String sql, List<ParsedStatement> statements) {
    public ParsedSql {
        statements = List.copyOf(statements);
    }

    public List<ParsedStatement.Destructive> destructive() {
        return statements.stream()
                .filter(s -> s instanceof ParsedStatement.Destructive)
                .map(s -> (ParsedStatement.Destructive) s)
                .toList();
    }

    public boolean changesSchema() {
        return statements.stream().anyMatch(s -> s instanceof ParsedStatement.Other o && o.ddl()
                || s instanceof ParsedStatement.Drop);
    }
}
