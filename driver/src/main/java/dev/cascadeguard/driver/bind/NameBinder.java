package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The binding stage, between parse and estimate: resolves every table a destructive statement names against the
 * foreign-key graph, so the estimator receives catalog tables only. It alone knows what a guard must do about
 * names the shared graph cannot know: a table newer than the cached graph (reload it once), the session's
 * temporary tables (counted on a graph of their own), and DROP lists naming tables that are not there (IF EXISTS:
 * nothing to drop) or are where the graph cannot see (fails closed). One per guarded connection.
 */
public final class NameBinder {

    /** The database's shared graph, as the binder reads it. */
    public interface Catalog {
        /** The cached graph (loaded when there is none, or it is stale). */
        FkGraph graph() throws SQLException;

        /** The graph read from the catalog now: a name missing from the cached one may be newer than it. */
        FkGraph reloaded() throws SQLException;
    }

    private static final String TEMPORARY_DELETE = "a temporary table of this session: cascades between temporary "
            + "tables are not predicted";
    private static final String TEMPORARY_DROP = "temporary tables of this session";

    private final DialectSession session;
    private final Dialect dialect;
    private final Catalog catalog;

    public NameBinder(DialectSession session, Catalog catalog) {
        this.session = session;
        this.dialect = session.dialect();
        this.catalog = catalog;
    }

    /**
     * Binds {@code statement}'s names, unqualified ones in {@code schema} (the session's current schema as the
     * caller read it; null when it could not be read).
     */
    public List<BoundStatement> bind(ParsedStatement.Destructive statement, String schema)
            throws SQLException, BindException {
        if (statement instanceof ParsedStatement.Unparseable u) {
            throw new BindException("the guard cannot check this statement: " + u.problem());
        }
        if (schema == null) {
            throw new BindException("the connection's current schema could not be read");
        }
        List<TableName> names = tableNames(statement);
        FkGraph graph = catalog.graph();
        if (firstUnknown(names, schema, graph).isPresent()) {
            if (statement instanceof ParsedStatement.Delete delete && delete.targets().size() == 1) {
                // a view is never in the graph: reloading it for every DELETE through one would cost each of them
                // a catalog load. Reloaded below only when the view's base table is not in the cached graph
                Optional<BoundStatement.Delete> throughView = ViewDeletes.bind(delete, new Scope(graph, schema, true),
                        session, false);
                if (throughView.isPresent()) {
                    return List.of(throughView.get());
                }
            }
            if (statement instanceof ParsedStatement.Update update) {
                Optional<List<BoundStatement>> throughView = ViewUpdates.bind(update, new Scope(graph, schema, true),
                        session, false);
                if (throughView.isPresent()) {
                    return throughView.get();
                }
            }
            // the table may be newer than the cached graph (created by another connection or tool)
            graph = catalog.reloaded();
        }
        Optional<TableName> unknown = firstUnknown(names, schema, graph);
        if (unknown.isPresent()) {
            // a USE or SET search_path since the schema was cached would make a real table look absent: read it now
            session.forgetSchema();
            String now = session.currentSchema();
            if (now != null && !now.equals(schema)) {
                return bind(statement, now);
            }
        }
        Scope scope = new Scope(graph, schema, true);
        if (unknown.isEmpty()) {
            return List.of(bindIn(statement, scope, List.of()));
        }
        if (statement instanceof ParsedStatement.Drop drop) {
            return bindDropOfUnknownNames(drop, scope);
        }
        Optional<BoundStatement> temporary = bindTemporary(statement);
        if (temporary.isPresent()) {
            return List.of(temporary.get());
        }
        if (statement instanceof ParsedStatement.Delete delete) {
            Optional<BoundStatement.Delete> throughView = ViewDeletes.bind(delete, scope, session, true);
            if (throughView.isPresent()) {
                return List.of(throughView.get());
            }
        }
        if (statement instanceof ParsedStatement.Update update) {
            Optional<List<BoundStatement>> throughView = ViewUpdates.bind(update, scope, session, true);
            if (throughView.isPresent()) {
                return throughView.get();
            }
        }
        throw notInCatalog(unknown.get());
    }

    /**
     * The table {@code name} is in the cached graph (not reloaded: a miss fails closed, as for any table the guard
     * does not know), resolving an unqualified name in {@code schema}. For {@code ResultSet.deleteRow()}, whose
     * table the driver's metadata names before there is a statement to bind.
     */
    public Optional<TableInfo> cachedTable(TableName name, String schema) throws SQLException {
        FkGraph graph = catalog.graph();
        TableId id = dialect.resolve(name, schema, graph);
        return id == null ? Optional.empty() : Optional.ofNullable(graph.table(id));
    }

    /** The table names a statement must resolve; a DROP of anything but tables names none (schemas, types ...). */
    private static List<TableName> tableNames(ParsedStatement.Destructive statement) {
        if (statement instanceof ParsedStatement.Delete d) {
            return d.targets().stream().map(ParsedStatement.DeleteTarget::table).toList();
        }
        if (statement instanceof ParsedStatement.Truncate t) {
            return t.tables();
        }
        if (statement instanceof ParsedStatement.DropColumns d) {
            return List.of(d.table());
        }
        if (statement instanceof ParsedStatement.Replace r) {
            return List.of(r.table());
        }
        if (statement instanceof ParsedStatement.Update u) {
            return List.of(u.table());
        }
        if (statement instanceof ParsedStatement.Drop d && d.dropsTables()) {
            return d.names();
        }
        return List.of();
    }

    private Optional<TableName> firstUnknown(List<TableName> names, String schema, FkGraph graph) {
        return names.stream().filter(n -> dialect.resolve(n, schema, graph) == null).findFirst();
    }

    private BoundStatement bindIn(ParsedStatement.Destructive statement, Scope scope, List<String> notes)
            throws BindException {
        if (statement instanceof ParsedStatement.Delete d) {
            List<TableId> targets = new ArrayList<>();
            for (ParsedStatement.DeleteTarget target : d.targets()) {
                targets.add(resolve(target.table(), scope));
            }
            return new BoundStatement.Delete(d, targets, scope, notes);
        }
        if (statement instanceof ParsedStatement.Truncate t) {
            return new BoundStatement.Truncate(t, resolveAll(t.tables(), scope), scope, notes);
        }
        if (statement instanceof ParsedStatement.DropColumns d) {
            return new BoundStatement.DropColumns(d, resolve(d.table(), scope), scope, notes);
        }
        if (statement instanceof ParsedStatement.Replace r) {
            return new BoundStatement.Replace(r, resolve(r.table(), scope), scope, notes);
        }
        if (statement instanceof ParsedStatement.Update u) {
            return new BoundStatement.Update(u, resolve(u.table(), scope), scope, notes);
        }
        ParsedStatement.Drop drop = (ParsedStatement.Drop) statement;
        List<TableId> tables = switch (drop.objectType()) {
            case "TABLE" -> resolveAll(drop.names(), scope);
            case "SCHEMA", "DATABASE", "ALL OBJECTS" -> tablesOfDrop(drop, scope);
            default -> List.of();
        };
        return new BoundStatement.Drop(drop, tables, scope, notes);
    }

    private List<TableId> resolveAll(List<TableName> names, Scope scope) throws BindException {
        List<TableId> ids = new ArrayList<>();
        for (TableName name : names) {
            ids.add(resolve(name, scope));
        }
        return ids;
    }

    private TableId resolve(TableName name, Scope scope) throws BindException {
        TableId id = dialect.resolve(name, scope.schema(), scope.graph());
        if (id == null) {
            throw notInCatalog(name);
        }
        return id;
    }

    private static BindException notInCatalog(TableName name) {
        return new BindException("table " + name + " is not in the database's catalog");
    }

    /**
     * DROP SCHEMA / DATABASE takes every table in it, H2's DROP ALL OBJECTS every table there is. Where the graph
     * holds only the current schema (MariaDB), another schema's tables cannot be counted: that fails closed.
     */
    private List<TableId> tablesOfDrop(ParsedStatement.Drop drop, Scope scope) throws BindException {
        List<TableId> tables = new ArrayList<>();
        if ("ALL OBJECTS".equals(drop.objectType())) {
            scope.graph().tables().forEach(t -> tables.add(t.id()));
            return tables;
        }
        if ("DATABASE".equals(drop.objectType()) && !dialect.dropDatabaseIsSchema()) {
            throw new BindException("DROP DATABASE removes another database, whose rows this connection cannot "
                    + "count");
        }
        for (TableName name : drop.names()) {
            if (!dialect.graphCoversAllSchemas() && !name.name().equals(scope.schema())) {
                // exact: on a case-sensitive MariaDB, Shop and shop are two databases
                throw new BindException("DROP " + drop.objectType() + " " + name + ": the guard counts the rows "
                        + "of the connection's own database (" + scope.schema() + ") only");
            }
            scope.graph().tables().stream()
                    .filter(t -> sameSchema(name, t.id().schema()))
                    .forEach(t -> tables.add(t.id()));
        }
        return tables;
    }

    private boolean sameSchema(TableName written, String schema) {
        return dialect.sameSchema(written.name(), written.quoted(), schema);
    }

    /**
     * A DROP TABLE naming tables the shared graph (just reloaded) does not have. Each such name is the session's
     * temporary table (counted on a graph of its own), a table where the graph cannot see (fails closed: MariaDB's
     * other databases, SQLite's attached ones), or not there at all (DROP ... IF EXISTS: nothing to drop, and the
     * report says so). The names the graph does know are counted as usual.
     */
    private List<BoundStatement> bindDropOfUnknownNames(ParsedStatement.Drop drop, Scope scope)
            throws SQLException, BindException {
        List<TableName> known = new ArrayList<>();
        List<String> knownAsWritten = new ArrayList<>();
        List<TableId> knownIds = new ArrayList<>();
        List<TableInfo> temporary = new ArrayList<>();
        List<TableName> temporaryNames = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < drop.names().size(); i++) {
            TableName name = drop.names().get(i);
            TableId id = dialect.resolve(name, scope.schema(), scope.graph());
            if (id != null) {
                known.add(name);
                knownAsWritten.add(drop.written().get(i));
                knownIds.add(id);
                continue;
            }
            Optional<TableId> temp = session.temporaryTable(name);
            if (temp.isPresent()) {
                temporary.add(new TableInfo(temp.get(), List.of(), Map.of(), false));
                temporaryNames.add(new TableName(null, temp.get().name(), true));
            } else if (name.schema() != null && !dialect.graphCoversAllSchemas()
                    && !name.schema().equals(scope.schema()) || session.outsideTheGraph(name)) {
                // the graph holds the current schema only, so "not there" is unknown, not proven
                throw new BindException("DROP of " + name + ": the guard counts the tables of the connection's "
                        + "own " + (dialect.dropDatabaseIsSchema() ? "database" : "schema") + " ("
                        + scope.schema() + ") only");
            } else {
                missing.add(name.toString());
            }
        }
        // the note goes with the first part counted, so it is reported once
        List<String> note = missing.isEmpty() ? List.of()
                : List.of("no such table, nothing to drop: " + String.join(", ", missing));
        List<BoundStatement> parts = new ArrayList<>();
        if (!known.isEmpty()) {
            parts.add(new BoundStatement.Drop(new ParsedStatement.Drop(drop.sql(), drop.objectType(), known,
                    drop.cascade(), knownAsWritten), knownIds, scope, note));
            note = List.of();
        }
        if (!temporary.isEmpty()) {
            Scope own = new Scope(new FkGraph(temporary, List.of()), temporary.get(0).id().schema(), false);
            ParsedStatement.Drop temporaryDrop = new ParsedStatement.Drop(drop.sql(), drop.objectType(),
                    temporaryNames, drop.cascade());
            parts.add(new BoundStatement.Drop(temporaryDrop, resolveAll(temporaryNames, own), own,
                    note.isEmpty() ? List.of(TEMPORARY_DROP) : List.of(note.get(0) + "; " + TEMPORARY_DROP)));
            note = List.of();
        }
        if (!note.isEmpty()) {
            parts.add(new BoundStatement.NothingToDrop(drop, note));
        }
        return parts;
    }

    /**
     * A DELETE or TRUNCATE of this session's temporary tables: they are not in the shared graph (they are private to
     * the session and can reference only each other), so they are counted on a graph of just themselves, resolved
     * in their own schema (pg_temp_N, SQLite's "temp") and named there without it. Empty unless every table the
     * statement names is one.
     */
    private Optional<BoundStatement> bindTemporary(ParsedStatement.Destructive statement)
            throws SQLException, BindException {
        if (!(statement instanceof ParsedStatement.Delete || statement instanceof ParsedStatement.Truncate)) {
            return Optional.empty();
        }
        List<TableInfo> tables = new ArrayList<>();
        for (TableName name : tableNames(statement)) {
            Optional<TableId> id = session.temporaryTable(name);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            tables.add(new TableInfo(id.get(), List.of(), Map.of(), false));
        }
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        Scope own = new Scope(new FkGraph(tables, List.of()), tables.get(0).id().schema(), false);
        return Optional.of(bindIn(statement, own, List.of(TEMPORARY_DELETE)));
    }
}
