package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Any other database, through {@link DatabaseMetaData}: one getExportedKeys, getPrimaryKeys and getColumns call
 * per table, so loading is slow on large schemas, and the result is only as good as the driver's metadata (MySQL
 * Connector/J reports NO ACTION as RESTRICT; pgjdbc returns PostgreSQL's per-partition foreign-key clones).
 * Proven on HSQLDB, which has no dialect of its own (docs/database-semantics.md §11).
 *
 * <p>Nobody has checked how an unknown engine orders its cascade and its checks, so it gets the
 * {@link CascadeSemantics#CONSERVATIVE} reading (a failure predicted where one may happen), and the counting SQL
 * keeps to what the SQL standard and most engines accept: FETCH FIRST, and a recursion bounded by depth over
 * UNION ALL (Firebird, DB2 and Oracle refuse UNION in a recursive query, and an engine whose UNION does not discard
 * repeated rows would never end one over cyclic data). What an engine refuses fails closed.
 */
public final class GenericDialect implements Dialect {

    /**
     * H2 2.x names ordinary tables "BASE TABLE" and pgjdbc partitioned ones "PARTITIONED TABLE"; a global temporary
     * table (HSQLDB's CREATE TEMPORARY TABLE) is declared for every session and holds this session's rows.
     */
    private static final String[] TABLE_TYPES = {"TABLE", "BASE TABLE", "PARTITIONED TABLE", "GLOBAL TEMPORARY",
        "LOCAL TEMPORARY"};

    private final String productName;
    private final IdentifierCase identifierCase;
    private final String quoteString;

    /** How a database stores unquoted identifiers. */
    public enum IdentifierCase { UPPER, LOWER, AS_WRITTEN }

    private GenericDialect(String productName, IdentifierCase identifierCase, String quoteString) {
        this.productName = productName;
        this.identifierCase = identifierCase;
        this.quoteString = quoteString == null || quoteString.isBlank() ? "\"" : quoteString.trim();
    }

    /** The fallback for any database no {@link DialectProvider} handles; reads the identifier rules from the metadata. */
    public static GenericDialect of(DatabaseMetaData metaData) throws SQLException {
        IdentifierCase identifierCase = metaData.storesUpperCaseIdentifiers() ? IdentifierCase.UPPER
                : metaData.storesLowerCaseIdentifiers() ? IdentifierCase.LOWER : IdentifierCase.AS_WRITTEN;
        return new GenericDialect(metaData.getDatabaseProductName(), identifierCase,
                metaData.getIdentifierQuoteString());
    }

    @Override
    public String name() {
        return productName;
    }

    @Override
    public FkGraph loadGraph(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        GraphBuilder graph = new GraphBuilder();
        List<String[]> tables = new ArrayList<>();
        // Where the catalog is the database (MariaDB, MySQL) a null catalog would list every database's tables.
        String catalog = metaData.supportsSchemasInTableDefinitions() ? null : connection.getCatalog();
        try (ResultSet rows = metaData.getTables(catalog, null, "%", TABLE_TYPES)) {
            while (rows.next()) {
                String schema = rows.getString("TABLE_SCHEM");
                if (!isSystemSchema(schema)) {
                    tables.add(new String[] {rows.getString("TABLE_CAT"), schema, rows.getString("TABLE_NAME")});
                }
            }
        }
        for (String[] table : tables) {
            TableId id = tableId(table[0], table[1], table[2]);
            graph.table(id);
            try (ResultSet rows = metaData.getPrimaryKeys(table[0], table[1], table[2])) {
                while (rows.next()) {
                    graph.primaryKeyColumn(id, rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
                }
            }
            try (ResultSet rows = metaData.getColumns(table[0], table[1], table[2], "%")) {
                while (rows.next()) {
                    graph.column(id, rows.getString("COLUMN_NAME"),
                            rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, rows.getString("COLUMN_DEF"));
                }
            }
            try (ResultSet rows = metaData.getExportedKeys(table[0], table[1], table[2])) {
                UnnamedKeys unnamed = new UnnamedKeys();
                while (rows.next()) {
                    addExportedKeyColumn(graph, rows, unnamed);
                }
            }
        }
        deleteTriggers(connection, graph);
        return graph.build();
    }

    /**
     * Flags the tables with a DELETE trigger, from the SQL standard's INFORMATION_SCHEMA.TRIGGERS where the database
     * has it (HSQLDB does): JDBC metadata does not say. Asked only when the view is listed, so that a failing query
     * cannot abort the caller's transaction on an engine that aborts on any error.
     */
    private static void deleteTriggers(Connection connection, GraphBuilder graph) throws SQLException {
        String view = null;
        for (String pattern : new String[] {"TRIGGERS", "triggers"}) {
            try (ResultSet rows = connection.getMetaData().getTables(null, null, pattern, null)) {
                while (rows.next() && view == null) {
                    String schema = rows.getString("TABLE_SCHEM");
                    if (schema != null && schema.equalsIgnoreCase("INFORMATION_SCHEMA")) {
                        view = schema + "." + rows.getString("TABLE_NAME");
                    }
                }
            }
        }
        if (view == null) {
            return;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE FROM " + view
                     + " WHERE EVENT_MANIPULATION = 'DELETE'")) {
            while (rows.next()) {
                graph.deleteTrigger(new TableId(rows.getString(1), rows.getString(2)));
            }
        } catch (SQLException notStandard) {
            // a view by that name without the standard's columns: triggers stay unseen, as where there is none
        }
    }

    private static void addExportedKeyColumn(GraphBuilder graph, ResultSet rows, UnnamedKeys unnamed)
            throws SQLException {
        TableId parent = tableId(rows.getString("PKTABLE_CAT"), rows.getString("PKTABLE_SCHEM"),
                rows.getString("PKTABLE_NAME"));
        TableId child = tableId(rows.getString("FKTABLE_CAT"), rows.getString("FKTABLE_SCHEM"),
                rows.getString("FKTABLE_NAME"));
        String name = rows.getString("FK_NAME");
        int keySeq = rows.getInt("KEY_SEQ");
        String key;
        if (name == null || name.isBlank()) {
            // sqlite-jdbc names unnamed keys "": a key is taken to start at each KEY_SEQ 1, in row order.
            name = "fk_" + child.name() + "_" + unnamed.number(child, keySeq);
            key = child + "#" + name;
        } else {
            key = child + "." + name;
        }
        int deferrability = rows.getInt("DEFERRABILITY");
        graph.foreignKey(key, name, child, parent, FkAction.fromJdbc(rows.getInt("DELETE_RULE")))
                .onUpdate(FkAction.fromJdbc(rows.getInt("UPDATE_RULE")))
                .deferrable(deferrability != DatabaseMetaData.importedKeyNotDeferrable,
                        deferrability == DatabaseMetaData.importedKeyInitiallyDeferred)
                .column(keySeq, rows.getString("FKCOLUMN_NAME"), rows.getString("PKCOLUMN_NAME"));
    }

    /** Numbers the unnamed foreign keys of each child table met in one getExportedKeys result. */
    private static final class UnnamedKeys {
        private final Map<TableId, Integer> lastNumber = new HashMap<>();

        int number(TableId child, int keySeq) {
            return keySeq == 1 ? lastNumber.merge(child, 1, Integer::sum) : lastNumber.getOrDefault(child, 1);
        }
    }

    private static boolean isSystemSchema(String schema) {
        return schema != null && (schema.equalsIgnoreCase("INFORMATION_SCHEMA") || schema.equals("pg_catalog"));
    }

    /** Databases without schemas (MariaDB) name the database as catalog; SQLite reports neither. */
    private static TableId tableId(String catalog, String schema, String name) {
        return new TableId(schema != null ? schema : catalog != null ? catalog : "", name);
    }

    @Override
    public String currentSchema(Connection connection) throws SQLException {
        String schema = connection.getSchema();
        if (schema == null) {
            schema = connection.getCatalog();
        }
        return schema == null ? "" : schema;
    }

    @Override
    public TableId resolve(TableName name, String currentSchema, FkGraph graph) {
        return switch (identifierCase) {
            case UPPER -> TableResolver.resolveFolding(name, currentSchema, graph, s -> s.toUpperCase(Locale.ROOT));
            case LOWER -> TableResolver.resolveFolding(name, currentSchema, graph, s -> s.toLowerCase(Locale.ROOT));
            case AS_WRITTEN -> TableResolver.resolveIgnoringCase(name, currentSchema, graph);
        };
    }

    @Override
    public String quote(String identifier) {
        return TableResolver.quoteWith(quoteString, identifier);
    }

    /**
     * A name the graph lacks may still name a table the statement reaches: one the metadata does not list (HSQLDB's
     * DECLARE LOCAL TEMPORARY TABLE lives in a SESSION schema no metadata call shows). The database itself says
     * whether the name resolves; if it does, the DROP fails closed instead of passing as "no such table". Inside a
     * transaction the probe runs under a savepoint, since some engines abort a transaction on any error.
     */
    @Override
    public boolean tableOutsideTheGraph(Connection connection, TableName name) throws SQLException {
        String written = (name.schema() == null ? "" : name.schema() + ".")
                + (name.quoted() ? quote(name.name()) : name.name());
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + written + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException absent) {
            return false;
        } finally {
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
        }
    }

    /** The SQL standard's form (SQL:2008), which HSQLDB, Derby, DB2, Oracle and PostgreSQL all accept. */
    @Override
    public String limit(long rows) {
        return " FETCH FIRST " + rows + " ROWS ONLY";
    }

    /**
     * IN, the default, kept on purpose: EXISTS would be more portable (Derby and SQL Server refuse a row-value IN,
     * and fail closed), but HSQLDB 2.7.4 answers a correlated EXISTS over a CTE that the same query also reads
     * elsewhere wrongly (it counted every row: docs §11). A refused query fails closed; a wrong count would not.
     */
    @Override
    public boolean prefersInSubqueries() {
        return true;
    }

    /** The plainest SQL: HSQLDB cannot type a parameter of IS DISTINCT FROM. */
    @Override
    public List<String> keyChanged(String old) {
        return List.of("((", ") IS NULL OR " + old + " <> (", "))");
    }

    /** The standard form: a VALUES list with a column list (a SELECT without FROM is not standard SQL). */
    @Override
    public String integerRows(int n, String alias) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add("(" + i + ")");
        }
        return "(VALUES " + String.join(", ", rows) + ") AS " + alias + "(cg_t)";
    }

    /**
     * Not assumed: the recursion is bounded by depth over UNION ALL, which ends on any engine. HSQLDB's UNION does
     * discard repeated rows (measured, docs §12), but an unknown engine's may not, and several refuse it.
     */
    @Override
    public boolean recursiveUnionDeduplicates() {
        return false;
    }

    /**
     * Unknown database: the strict reading (docs §11), where neither RESTRICT nor NO ACTION sees the statement's own
     * or its cascade's deletes, a SET DEFAULT value must reference a surviving row, and a row both deleted and
     * changed by the statement's keys fails it. On HSQLDB the first gives false alarms, never missed failures.
     */
    @Override
    public CascadeSemantics semantics() {
        return CascadeSemantics.CONSERVATIVE;
    }
}
