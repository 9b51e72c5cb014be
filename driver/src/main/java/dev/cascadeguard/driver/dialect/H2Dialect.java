package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * H2 2.x, from INFORMATION_SCHEMA in two queries (H2 2.x dropped the 1.4 CROSS_REFERENCES view).
 *
 * <p>A foreign key's columns pair up through KEY_COLUMN_USAGE: each referencing column's
 * POSITION_IN_UNIQUE_CONSTRAINT is the ORDINAL_POSITION of its referenced column in the primary or unique
 * constraint named by REFERENTIAL_CONSTRAINTS. Unquoted identifiers fold to upper case; databases opened with
 * DATABASE_TO_LOWER or CASE_INSENSITIVE_IDENTIFIERS are not handled.
 */
public final class H2Dialect implements Dialect {

    private static final String TABLES = """
            select t.table_schema, t.table_name, k.column_name, k.ordinal_position,
                   exists (select 1 from information_schema.triggers g
                            where g.event_object_schema = t.table_schema and g.event_object_table = t.table_name
                              and g.event_manipulation = 'DELETE') as has_delete_trigger
              from information_schema.tables t
              left join information_schema.table_constraints c
                on c.table_schema = t.table_schema and c.table_name = t.table_name
               and c.constraint_type = 'PRIMARY KEY'
              left join information_schema.key_column_usage k
                on k.constraint_schema = c.constraint_schema and k.constraint_name = c.constraint_name
             where t.table_type = 'BASE TABLE' and t.table_schema <> 'INFORMATION_SCHEMA'
            """;

    private static final String FOREIGN_KEY_COLUMNS = """
            select r.constraint_schema, r.constraint_name, fk.table_schema, fk.table_name,
                   uk.table_schema, uk.table_name, r.delete_rule, fk.ordinal_position,
                   fk.column_name, uk.column_name, col.is_nullable, col.column_default, r.update_rule
              from information_schema.referential_constraints r
              join information_schema.key_column_usage fk
                on fk.constraint_schema = r.constraint_schema and fk.constraint_name = r.constraint_name
              join information_schema.key_column_usage uk
                on uk.constraint_schema = r.unique_constraint_schema
               and uk.constraint_name = r.unique_constraint_name
               and uk.ordinal_position = fk.position_in_unique_constraint
              join information_schema.columns col
                on col.table_schema = fk.table_schema and col.table_name = fk.table_name
               and col.column_name = fk.column_name
             order by r.constraint_schema, r.constraint_name, fk.ordinal_position
            """;

    /** Handles H2 (2.x: the catalog queries read H2 2.x's INFORMATION_SCHEMA). */
    public static final class Provider implements DialectProvider {
        @Override
        public boolean handles(DatabaseMetaData metaData) throws SQLException {
            return Dialects.product(metaData).equals("h2");
        }

        @Override
        public Dialect create(DatabaseMetaData metaData) throws SQLException {
            return new H2Dialect(metaData.storesLowerCaseIdentifiers());
        }
    }

    /**
     * How this database folds unquoted identifiers: upper case by default, lower case with
     * {@code DATABASE_TO_LOWER=TRUE} (which H2's PostgreSQL mode users often set). Fixed when the database is
     * opened, and reported by the driver's metadata without a query.
     */
    private final boolean foldsToLower;

    public H2Dialect(boolean foldsToLower) {
        this.foldsToLower = foldsToLower;
    }

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public DestructiveCode destructiveCode(Connection connection) throws SQLException {
        return CodeCatalogs.h2(connection);
    }

    @Override
    public FkGraph loadGraph(Connection connection) throws SQLException {
        GraphBuilder graph = new GraphBuilder();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(TABLES)) {
                graph.tables(rows);
            }
            try (ResultSet rows = statement.executeQuery(FOREIGN_KEY_COLUMNS)) {
                while (rows.next()) {
                    TableId child = new TableId(rows.getString(3), rows.getString(4));
                    String childColumn = rows.getString(9);
                    graph.foreignKey(rows.getString(1) + "." + rows.getString(2), rows.getString(2), child,
                                    new TableId(rows.getString(5), rows.getString(6)), FkAction.parse(rows.getString(7)))
                            .onUpdate(FkAction.parse(rows.getString(13)))
                            .column(rows.getInt(8), childColumn, rows.getString(10));
                    graph.column(child, childColumn, "YES".equals(rows.getString(11)), rows.getString(12));
                }
            }
        }
        return graph.build();
    }

    @Override
    public Optional<ViewInfo> view(Connection connection, TableName name, String currentSchema) throws SQLException {
        return ViewCatalogs.h2(connection, name, currentSchema);
    }

    @Override
    public TableId resolve(TableName name, String currentSchema, FkGraph graph) {
        return TableResolver.resolveFolding(name, currentSchema, graph,
                foldsToLower ? s -> s.toLowerCase(Locale.ROOT) : s -> s.toUpperCase(Locale.ROOT));
    }

    @Override
    public String quote(String identifier) {
        return TableResolver.quoteWith("\"", identifier);
    }

    @Override
    public Optional<String> rowIdentity() {
        return Optional.of("_ROWID_");
    }

    /** H2 2.x keeps producing rows a recursive UNION has already produced: cyclic data never ends. */
    @Override
    public boolean recursiveUnionDeduplicates() {
        return false;
    }

    @Override
    public Optional<TableId> temporaryTable(Connection connection, TableName name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME FROM "
                + "INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE LIKE '%TEMPORARY' AND UPPER(TABLE_NAME) = UPPER(?)"
                + " AND (? IS NULL OR UPPER(TABLE_SCHEMA) = UPPER(?))")) {
            ps.setString(1, name.name());
            ps.setString(2, name.schema());
            ps.setString(3, name.schema());
            try (ResultSet rows = ps.executeQuery()) {
                return rows.next() ? Optional.of(new TableId(rows.getString(1), rows.getString(2))) : Optional.empty();
            }
        }
    }

    /** Checked on the server (docs/database-semantics.md) and pinned by the oracle tests. */
    @Override
    public CascadeSemantics semantics() {
        return new CascadeSemantics(false, false, false, true, 0, CheckOrder.DEPTH_FIRST_KEY_ORDER_UNKNOWN);
    }
}
