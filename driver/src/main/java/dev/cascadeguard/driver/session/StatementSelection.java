package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.DestructiveCode;
import dev.cascadeguard.driver.parse.ParsedSql;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.Precheck;
import dev.cascadeguard.driver.parse.SqlParser;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.rules.GuardMode;
import dev.cascadeguard.rules.GuardSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which statements of a SQL string a session decides on, beyond what the pre-check marks: the UPDATEs that change a
 * referenced key ({@link KeyUpdates}), the stored code, scripts and SQL built at run time that destroy rows unseen
 * ({@link HiddenCode}), and schema switches that make the cached current schema stale. The session decides; this
 * class only selects.
 */
final class StatementSelection {

    private final Connection real;
    private final SharedDatabase database;
    private final GuardSettings settings;
    private final SqlParser parser;
    private final StatementAssessor assessor;
    /** Tells the UPDATEs that change a referenced key (counted) from the rest (passed through). */
    private final KeyUpdates keyUpdates;
    /** Finds the statements that run stored code, a script or SQL built at run time that destroys rows unseen. */
    private final HiddenCode hiddenCode;

    StatementSelection(Connection real, SharedDatabase database, GuardSettings settings, SqlParser parser,
                       StatementAssessor assessor) {
        this.real = real;
        this.database = database;
        this.settings = settings;
        this.parser = parser;
        this.assessor = assessor;
        this.keyUpdates = new KeyUpdates(() -> database.graph(real, settings.metadataTtlSeconds()));
        this.hiddenCode = new HiddenCode(() -> database.destructiveCode(real, settings.metadataTtlSeconds()),
                () -> database.graph(real, settings.metadataTtlSeconds()));
    }

    /**
     * {@code USE db} or {@code SET search_path / SCHEMA ...}: the schema unqualified names resolve in is read again
     * before the next check (the counting query would notice, but the key-update screen resolves names before it).
     * Costs a look at the first letters of every plain statement.
     */
    boolean switchesSchema(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        boolean use = sql.regionMatches(true, i, "USE ", 0, 4);
        if (use || sql.regionMatches(true, i, "SET ", 0, 4) && (KeyUpdates.hasWord(sql, "SEARCH_PATH")
                || KeyUpdates.hasWord(sql, "SCHEMA") || KeyUpdates.hasWord(sql, "SCHEMA_SEARCH_PATH"))) {
            assessor.forgetSchema();
            return true;
        }
        return false;
    }

    /**
     * The statements of {@code sql} that run code the guard cannot count (stored routines and triggers that destroy
     * rows, scripts, SQL built at run time), for the policy to decide on; null when none does or the guard is off.
     */
    HiddenCode.Unseen unseenCode(String sql) throws SQLException {
        return settings.mode() == GuardMode.OFF ? null : hiddenCode.find(sql);
    }

    /**
     * What is decided on a statement that runs code the guard cannot count: that code, for the policy; the DDL it may
     * be (for the schema refresh); and, where counting runs no routine (a write of a table whose trigger destroys
     * rows), what the statement destroys itself. A statement that calls a destructive routine is not counted:
     * counting runs its conditions, and so the very routine the guard must not run.
     */
    List<ParsedSql> withUnseen(String sql, HiddenCode.Unseen unseen) {
        List<ParsedSql> all = new ArrayList<>();
        switch (Precheck.classify(sql)) {
            case CHECK -> {
                if (unseen.countable()) {
                    all.add(parser.parse(sql));
                }
            }
            case DDL -> all.add(new ParsedSql(sql, List.of(new ParsedStatement.Other(sql, true))));
            case PLAIN -> {
                if (unseen.countable() && mayChangeKey(sql)) {
                    all.add(keyUpdate(sql));
                }
            }
        }
        all.add(unseen.statements()); // last: a more particular reason of the statement's own comes first
        return all;
    }

    static ParsedSql merged(String sql, List<ParsedSql> parts) {
        List<ParsedStatement> statements = new ArrayList<>();
        parts.forEach(p -> statements.addAll(p.statements()));
        return new ParsedSql(sql, statements);
    }

    /**
     * What the driver would decide on for {@code sql}: its destructive statements and the stored code it runs unseen
     * (without the former where counting would run that code), for a preview and {@code decide}.
     */
    List<ParsedStatement.Destructive> decidable(String sql) throws SQLException {
        HiddenCode.Unseen unseen = hiddenCode.find(sql);
        List<ParsedStatement.Destructive> statements = new ArrayList<>();
        if (unseen == null || unseen.countable()) {
            statements.addAll(keyChanging(parser.parse(sql).destructive()));
        }
        if (unseen != null) {
            statements.addAll(unseen.statements().destructive());
        }
        return statements;
    }

    /** A candidate key update, parsed (cached by text) unless it hides SQL the parser cannot read. */
    ParsedSql keyUpdate(String sql) {
        return KeyUpdates.parse(sql, parser::parse);
    }

    /** An UPDATE that may set a referenced column, while the guard is on: parsed and, if it does, counted. */
    boolean mayChangeKey(String sql) {
        return settings.mode() != GuardMode.OFF && keyUpdates.mayChangeKey(sql);
    }

    /**
     * The statements without the UPDATEs that set no referenced column of their target (not destructive: they run
     * as they always did). A graph that cannot be read keeps them, for the estimate to fail closed.
     */
    List<ParsedStatement.Destructive> keyChanging(List<ParsedStatement.Destructive> statements) {
        if (statements.stream().noneMatch(s -> s instanceof ParsedStatement.Update)) {
            return statements;
        }
        return keyUpdates.keep(statements, update -> {
            try {
                var graph = database.graph(real, settings.metadataTtlSeconds());
                String schema = assessor.currentSchema();
                var target = schema == null ? null : database.dialect().resolve(update.table(), schema, graph);
                // through a view, the binder maps the columns to its base table and decides
                return keyUpdates.changesKey(update, target, graph)
                        || target == null && schema != null && !update.joined()
                        && assessor.isView(update.table(), schema, graph);
            } catch (SQLException | RuntimeException unreadable) {
                return true;
            }
        });
    }

    /** The catalogs a prepare screens against, read before it screens; null where one cannot be read. */
    record Catalogs(FkGraph graph, DestructiveCode code) {
    }

    Catalogs catalogs() {
        if (settings.mode() == GuardMode.OFF) {
            return null; // nothing is screened, so nothing is remembered, and no catalog need be read for it
        }
        try {
            return new Catalogs(database.graph(real, settings.metadataTtlSeconds()),
                    database.destructiveCode(real, settings.metadataTtlSeconds()));
        } catch (SQLException | RuntimeException unreadable) {
            return null; // the screens meet the failure themselves
        }
    }

    /** True when {@code sql} was let through at a prepare (on any connection) against the same {@code now} catalogs. */
    boolean knownPassThrough(String sql, Catalogs now) {
        return now != null && database.passThrough().contains(sql, now.graph(), now.code());
    }

    /**
     * {@code sql} passed every screen; {@code before} are the catalogs read before screening (a catalog reloaded
     * meanwhile only makes the next prepare screen again).
     */
    void rememberPassThrough(String sql, Catalogs before) {
        // shared with the database's other connections, whose settings may differ: a connection with the guard off
        // screens nothing, and what it lets through proves nothing
        if (before != null && settings.mode() != GuardMode.OFF) {
            database.passThrough().add(sql, before.graph(), before.code());
        }
    }
}
