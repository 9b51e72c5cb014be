package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.report.ForeignKeyChecks;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite, from {@code sqlite_master} joined with the table-valued pragma functions, in three queries.
 *
 * <p>Only the "main" database is read; attached databases are ignored. SQLite stores the parent table of a
 * foreign key as the CREATE TABLE wrote it (any case, possibly a table that does not exist) and leaves the
 * parent column NULL when the key references the parent's primary key implicitly; both are resolved here
 * against the loaded tables. Unnamed constraints (the usual case) get the name {@code fk_<child>_<id>}.
 *
 * <p>A table has a delete trigger when one of its triggers' SQL matches {@code DELETE ON} (case-insensitive): an
 * approximation that does not parse the trigger. {@link #rowIdentity()} is "rowid"; WITHOUT ROWID tables have no
 * rowid, but they always have a primary key, which is what identifies their rows.
 */
public final class SqliteDialect implements Dialect {

    /** Handles SQLite (sqlite-jdbc reports "SQLite"). */
    public static final class Provider implements DialectProvider {
        @Override
        public boolean handles(DatabaseMetaData metaData) throws SQLException {
            return Dialects.product(metaData).startsWith("sqlite");
        }

        @Override
        public Dialect create(DatabaseMetaData metaData) {
            return new SqliteDialect();
        }
    }

    static final String SCHEMA = "main";

    /** The user's tables, and sqlite_sequence: Flyway's clean() deletes from it (it holds AUTOINCREMENT counters). */
    private static final String USER_TABLES =
            "m.type = 'table' and (m.name not like 'sqlite\\_%' escape '\\' or m.name = 'sqlite_sequence')";

    private static final String COLUMNS = """
            select m.name, c.name, c."notnull", c.dflt_value, c.pk
              from sqlite_master m join pragma_table_info(m.name) c
             where %s order by m.name, c.cid
            """.formatted(USER_TABLES);

    private static final String FOREIGN_KEY_COLUMNS = """
            select m.name, p.id, p.seq, p."table", p."from", p."to", p.on_delete, m.sql, m.rowid, p.on_update
              from sqlite_master m join pragma_foreign_key_list(m.name) p
             where %s order by m.name, p.id, p.seq
            """.formatted(USER_TABLES);

    private static final String TRIGGERS = "select tbl_name, sql from sqlite_master where type = 'trigger'";

    private static final Pattern DELETE_ON = Pattern.compile("\\bDELETE\\s+ON\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern REFERENCES = Pattern.compile("\\bREFERENCES\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern INITIALLY_DEFERRED = Pattern.compile(
            "(?<!NOT\\s)\\bDEFERRABLE\\s+INITIALLY\\s+DEFERRED\\b", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public DestructiveCode destructiveCode(Connection connection) throws SQLException {
        return CodeCatalogs.sqlite(connection);
    }

    @Override
    public FkGraph loadGraph(Connection connection) throws SQLException {
        GraphBuilder graph = new GraphBuilder();
        Map<String, TableId> tablesByLowerName = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(COLUMNS)) {
                while (rows.next()) {
                    TableId table = new TableId(SCHEMA, rows.getString(1));
                    tablesByLowerName.put(lower(table.name()), table);
                    graph.table(table).column(table, rows.getString(2), rows.getInt(3) == 0, rows.getString(4));
                    if (rows.getInt(5) > 0) {
                        graph.primaryKeyColumn(table, rows.getInt(5), rows.getString(2));
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery(FOREIGN_KEY_COLUMNS)) {
                while (rows.next()) {
                    addForeignKeyColumn(graph, tablesByLowerName, rows);
                }
            }
            try (ResultSet rows = statement.executeQuery(TRIGGERS)) {
                while (rows.next()) {
                    TableId table = tablesByLowerName.get(lower(rows.getString(1)));
                    if (table != null && rows.getString(2) != null && DELETE_ON.matcher(rows.getString(2)).find()) {
                        graph.deleteTrigger(table);
                    }
                }
            }
        }
        return graph.build();
    }

    private static void addForeignKeyColumn(GraphBuilder graph, Map<String, TableId> tables, ResultSet rows)
            throws SQLException {
        TableId child = new TableId(SCHEMA, rows.getString(1));
        int id = rows.getInt(2);
        int position = rows.getInt(3) + 1;
        String parentName = rows.getString(4);
        TableId parent = tables.getOrDefault(lower(parentName), new TableId(SCHEMA, parentName));
        String parentColumn = rows.getString(6);
        if (parentColumn == null) {
            List<String> parentKey = graph.primaryKeyOf(parent);
            // A key to a parent without a primary key cannot be enforced by SQLite anyway; keep the position.
            parentColumn = position <= parentKey.size() ? parentKey.get(position - 1) : "rowid";
        }
        boolean deferred = initiallyDeferred(rows.getString(8), id);
        graph.foreignKey(child + "#" + id, "fk_" + child.name() + "_" + id, child, parent,
                        FkAction.parse(rows.getString(7)))
                .onUpdate(FkAction.parse(rows.getString(10)))
                .deferrable(deferred, deferred)
                .processingOrder(processingOrder(rows.getLong(9), id))
                .column(position, rows.getString(5), parentColumn);
    }

    /**
     * SQLite runs the actions of the keys referencing a table in the order of its in-memory list of them, to which
     * each parsed key is prepended: the schema is parsed in sqlite_master rowid order, a table's keys in declaration
     * order, so the newest table's last declared key (pragma id 0) comes first.
     */
    static String processingOrder(long tableRowid, int id) {
        return String.format(Locale.ROOT, "%019d/%010d", Long.MAX_VALUE - tableRowid, id);
    }

    /**
     * {@code pragma_foreign_key_list} does not say whether a key is DEFERRABLE INITIALLY DEFERRED, so the
     * table's CREATE text is read: SQLite numbers a table's keys in reverse order of declaration, so key
     * {@code id} is the (n-1-id)-th REFERENCES clause of n. A clause runs to the next comma or parenthesis at its
     * own level. Anything unexpected reads as not deferred, which predicts the stricter outcome.
     */
    static boolean initiallyDeferred(String createSql, int id) {
        if (createSql == null) {
            return false;
        }
        List<String> clauses = new java.util.ArrayList<>();
        Matcher m = REFERENCES.matcher(createSql);
        while (m.find()) {
            int depth = 0;
            int end = m.end();
            for (; end < createSql.length(); end++) {
                char ch = createSql.charAt(end);
                if (ch == '(') {
                    depth++;
                } else if (ch == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (ch == ',' && depth == 0) {
                    break;
                }
            }
            clauses.add(createSql.substring(m.start(), end));
        }
        int index = clauses.size() - 1 - id;
        return index >= 0 && INITIALLY_DEFERRED.matcher(clauses.get(index)).find();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String currentSchema(Connection connection) {
        return SCHEMA;
    }

    @Override
    public boolean columnNamesIgnoreCase() {
        return true;
    }

    /** An unqualified name SQLite would find in an ATTACHed database (it searches main, temp, then those). */
    @Override
    public boolean tableOutsideTheGraph(Connection connection, TableName name) throws SQLException {
        if (name.schema() != null) {
            return false;
        }
        try (PreparedStatement ps = connection.prepareStatement("select 1 from pragma_table_list "
                + "where lower(name) = lower(?) and schema not in ('main', 'temp')")) {
            ps.setString(1, name.name());
            try (ResultSet rows = ps.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Only "main" is read: a table of an ATTACHed database is not in the graph. */
    @Override
    public boolean graphCoversAllSchemas() {
        return false;
    }

    @Override
    public Optional<ViewInfo> view(Connection connection, TableName name, String currentSchema) throws SQLException {
        return ViewCatalogs.sqlite(connection, name);
    }

    @Override
    public TableId resolve(TableName name, String currentSchema, FkGraph graph) {
        return TableResolver.resolveIgnoringCase(name, currentSchema, graph);
    }

    @Override
    public String quote(String identifier) {
        return TableResolver.quoteWith("\"", identifier);
    }

    @Override
    public Optional<String> rowIdentity() {
        return Optional.of("rowid");
    }

    @Override
    public Optional<TableId> temporaryTable(Connection connection, TableName name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "select name from sqlite_temp_master where type = 'table' and lower(name) = lower(?)")) {
            ps.setString(1, name.name());
            try (ResultSet rows = ps.executeQuery()) {
                return rows.next() ? Optional.of(new TableId("temp", rows.getString(1))) : Optional.empty();
            }
        }
    }

    /** Checked on the server (docs/database-semantics.md) and pinned by the oracle tests. */
    @Override
    public KeyChangeSemantics keyChangeSemantics() {
        return new KeyChangeSemantics(true, false, false, true);
    }

    @Override
    public CascadeSemantics semantics() {
        return new CascadeSemantics(true, false, true, false, 0, CheckOrder.DEPTH_FIRST_GONE_FIRST);
    }

    /** SQLite enforces foreign keys only when the connection turned {@code PRAGMA foreign_keys} on. */
    @Override
    public boolean foreignKeysEnforced(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA foreign_keys")) {
            return rows.next() && rows.getInt(1) == 1;
        }
    }

    @Override
    public ForeignKeyChecks foreignKeysOff() {
        return ForeignKeyChecks.SQLITE_OFF;
    }
}
