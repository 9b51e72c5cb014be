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
import java.util.List;
import java.util.Optional;

/**
 * MariaDB and MySQL, from information_schema for every database the user can see (the system schemas left out) in
 * two queries: a {@code USE other} on a pooled connection, or a name qualified with another database, is then
 * counted like any other, and database names are compared as the server does ({@code lower_case_table_names}).
 *
 * <p>DatabaseMetaData is avoided on purpose: MySQL Connector/J reports NO ACTION as RESTRICT. The catalog itself
 * reports a foreign key without an ON DELETE clause as RESTRICT, which InnoDB enforces exactly like NO ACTION
 * (immediately, row by row), so RESTRICT is what the graph records. MariaDB 10.11 accepts
 * {@code ON DELETE SET DEFAULT} without error but drops it: such a key reads back, and behaves, as RESTRICT.
 */
public final class MariaDbDialect implements Dialect {

    /** Handles MariaDB and MySQL, which report themselves by either name depending on server and driver. */
    public static final class Provider implements DialectProvider {
        @Override
        public boolean handles(DatabaseMetaData metaData) throws SQLException {
            String product = Dialects.product(metaData);
            return product.startsWith("mariadb") || product.startsWith("mysql");
        }

        @Override
        public Dialect create(DatabaseMetaData metaData) {
            try (Statement statement = metaData.getConnection().createStatement();
                 ResultSet rows = statement.executeQuery("select @@lower_case_table_names, version()")) {
                boolean found = rows.next();
                return new MariaDbDialect(found && rows.getInt(1) > 0,
                        !found || String.valueOf(rows.getString(2)).toLowerCase(java.util.Locale.ROOT).contains("mariadb"));
            } catch (SQLException | RuntimeException unknown) {
                return new MariaDbDialect(false, true); // names then compare exactly: the Linux default
            }
        }
    }

    /** {@code lower_case_table_names} above 0: database and table names compare without case. */
    private final boolean namesIgnoreCase;
    /** MariaDB rather than MySQL (whose {@code version()} does not say MariaDB): the statement syntax differs. */
    private final boolean mariaDb;

    MariaDbDialect(boolean namesIgnoreCase) {
        this(namesIgnoreCase, true);
    }

    MariaDbDialect(boolean namesIgnoreCase, boolean mariaDb) {
        this.namesIgnoreCase = namesIgnoreCase;
        this.mariaDb = mariaDb;
    }

    /** Database names: exactly, unless the server folds them ({@code lower_case_table_names} 1 or 2). */
    @Override
    public boolean sameSchema(String written, boolean quoted, String catalogSchema) {
        return namesIgnoreCase ? written.equalsIgnoreCase(catalogSchema) : written.equals(catalogSchema);
    }

    private static final String TABLES = """
            select t.table_schema, t.table_name, k.column_name, k.ordinal_position,
                   exists (select 1 from information_schema.triggers g
                            where g.event_object_schema = t.table_schema and g.event_object_table = t.table_name
                              and g.event_manipulation = 'DELETE') as has_delete_trigger
              from information_schema.tables t
              left join information_schema.key_column_usage k
                on k.table_schema = t.table_schema and k.table_name = t.table_name
               and k.constraint_name = 'PRIMARY'
             where t.table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys')
               and t.table_type = 'BASE TABLE'
            """;

    /**
     * A user with some right on a referencing table but not SELECT (an application that may only insert into an
     * audit table) sees its key in key_column_usage but not in referential_constraints (measured, 10.11): such a key
     * is taken for a CASCADE, so that the count reads the table, which the user cannot, and the estimate fails
     * closed instead of leaving out a cascade the DELETE still runs. A table the user has no right on at all is in
     * no catalog view the user can read: its keys stay unseen.
     */
    private static final String FOREIGN_KEY_COLUMNS = """
            select k.constraint_name, k.table_schema, k.table_name, k.referenced_table_schema,
                   k.referenced_table_name, coalesce(r.delete_rule, 'CASCADE'), k.ordinal_position, k.column_name,
                   k.referenced_column_name, c.is_nullable, c.column_default, coalesce(r.update_rule, 'CASCADE')
              from information_schema.key_column_usage k
              left join information_schema.referential_constraints r
                on r.constraint_schema = k.constraint_schema and r.constraint_name = k.constraint_name
               and r.table_name = k.table_name
              join information_schema.columns c
                on c.table_schema = k.table_schema and c.table_name = k.table_name and c.column_name = k.column_name
             where k.referenced_table_name is not null
               and k.constraint_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys')
             order by k.table_schema, k.table_name, k.constraint_name, k.ordinal_position
            """;

    /**
     * MariaDB lists no temporary table in information_schema.tables (before 11.2): a name the current database's
     * catalog lacks but a query can read is this session's temporary table (views are listed, so they are not
     * taken for one). Failing queries do not abort a MariaDB transaction, so the probe is harmless.
     */
    @Override
    public Optional<TableId> temporaryTable(Connection connection, TableName name) throws SQLException {
        if (name.schema() != null) {
            return Optional.empty();
        }
        try (PreparedStatement listed = connection.prepareStatement("select 1 from information_schema.tables "
                + "where table_schema = database() and table_name = ?")) {
            listed.setString(1, name.name());
            try (ResultSet rows = listed.executeQuery()) {
                if (rows.next()) {
                    return Optional.empty();
                }
            }
        }
        String schema;
        try (Statement probe = connection.createStatement();
             ResultSet rows = probe.executeQuery("select database(), (select 1 from " + quote(name.name())
                     + " limit 0)")) {
            schema = rows.next() ? rows.getString(1) : null;
        } catch (SQLException noSuchTable) {
            return Optional.empty();
        }
        return schema == null ? Optional.empty() : Optional.of(new TableId(schema, name.name()));
    }

    @Override
    public boolean columnNamesIgnoreCase() {
        return true;
    }

    @Override
    public boolean dropDatabaseIsSchema() {
        return true;
    }

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public DestructiveCode destructiveCode(Connection connection) throws SQLException {
        return CodeCatalogs.mariaDb(connection);
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
                    TableId child = new TableId(rows.getString(2), rows.getString(3));
                    String childColumn = rows.getString(8);
                    // InnoDB foreign key names are unique per database, but the table makes the key certain.
                    graph.foreignKey(child + "." + rows.getString(1), rows.getString(1), child,
                                    new TableId(rows.getString(4), rows.getString(5)), FkAction.parse(rows.getString(6)))
                            .onUpdate(FkAction.parse(rows.getString(12)))
                            // InnoDB visits a parent's keys in strcmp order of their id "database/name"
                            .processingOrder(child.schema() + "/" + rows.getString(1))
                            .column(rows.getInt(7), childColumn, rows.getString(9));
                    graph.column(child, childColumn, "YES".equals(rows.getString(10)), columnDefault(rows.getString(11)));
                }
            }
        }
        return graph.build();
    }

    /** MariaDB 10.2.7+ writes "NULL" (unquoted) for "no default / default null", and quotes string literals. */
    private static String columnDefault(String catalogDefault) {
        return catalogDefault == null || catalogDefault.equalsIgnoreCase("NULL") ? null : catalogDefault;
    }

    @Override
    public Optional<String> currentSchemaExpression() {
        return Optional.of("database()");
    }

    @Override
    public Optional<ViewInfo> view(Connection connection, TableName name, String currentSchema) throws SQLException {
        return ViewCatalogs.mariaDb(connection, name, currentSchema);
    }

    @Override
    public TableId resolve(TableName name, String currentSchema, FkGraph graph) {
        return TableResolver.resolveIgnoringCase(name, currentSchema, graph);
    }

    @Override
    public String quote(String identifier) {
        return TableResolver.quoteWith("`", identifier);
    }

    /** InnoDB compares the stored bytes: a change of letter case alone under a case-insensitive collation cascades. */
    @Override
    public List<String> keyChanged(String old) {
        return List.of("NOT (CAST(" + old + " AS BINARY) <=> CAST((", ") AS BINARY))");
    }

    /**
     * Measured on MariaDB 10.11: past max_recursive_iterations the result is cut with warning 1931, not an error.
     * MySQL has no SET STATEMENT; it stops at cte_max_recursion_depth with an error, which fails the estimate
     * closed rather than low (MySQL itself is untested here: only its Connector/J, against MariaDB).
     */
    @Override
    public String recursionUnlimited(String query) {
        return mariaDb ? "SET STATEMENT max_recursive_iterations = 4294967295 FOR " + query : query;
    }

    /** Checked on the server (docs/database-semantics.md) and pinned by the oracle tests. */

    @Override
    public boolean prefersInSubqueries() {
        return false;
    }

    /**
     * InnoDB: a locking read sees the latest committed rows, as the DELETE does, where a plain read inside a
     * REPEATABLE READ transaction sees its snapshot. FOR UPDATE rather than LOCK IN SHARE MODE: the DELETE takes
     * exclusive locks on the rows it removes anyway, and shared locks first would let two transactions deleting
     * the same rows deadlock on the upgrade. Measured on MariaDB 10.11 (docs/database-semantics.md): accepted in
     * CTE bodies, recursive CTEs, derived tables and EXISTS sub-queries; each SELECT needs its own clause.
     */
    @Override
    public Optional<String> lockingRead() {
        return Optional.of(" FOR UPDATE");
    }

    /** InnoDB undoes a failed statement, not the transaction (a deadlock aside, which no savepoint survives). */
    @Override
    public boolean failedStatementAbortsTransaction() {
        return false;
    }

    @Override
    public KeyChangeSemantics keyChangeSemantics() {
        return new KeyChangeSemantics(false, true, true, false);
    }

    @Override
    public CascadeSemantics semantics() {
        return new CascadeSemantics(false, false, true, false, 14, CheckOrder.DEPTH_FIRST_GONE_WHEN_DONE);
    }

    /**
     * {@code SET FOREIGN_KEY_CHECKS = 0} turns off, for the session, both the checks and every ON DELETE action:
     * InnoDB then cascades nothing, sets nothing and refuses nothing (docs/database-semantics.md). Read once per
     * connection; each count confirms it ({@link #foreignKeysEnforcedExpression()}), which watching the SET
     * statements the driver sees could not: a procedure, an init script or a pool's reset changes it unseen.
     */
    @Override
    public boolean foreignKeysEnforced(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select @@foreign_key_checks")) {
            return !rows.next() || rows.getInt(1) != 0;
        }
    }

    @Override
    public Optional<String> foreignKeysEnforcedExpression() {
        return Optional.of("@@foreign_key_checks");
    }
}
