package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.report.ForeignKeyChecks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Everything that differs between databases, one class per database (as Flyway keeps its database support):
 * the catalog queries that load the foreign-key graph, identifier rules, the SQL for counting, and how the
 * database really processes a cascade.
 *
 * <p>A dialect is stateless and shared by every connection to its database: it is found by
 * {@link Dialects#detect} among the {@link DialectProvider} services. The methods that take a {@link Connection}
 * run their query on it and keep nothing; what one connection learns (its current schema) is kept by its
 * {@link DialectSession}, the only caller of those methods outside this package.
 */
public interface Dialect {

    /** A short name for messages and logs: "PostgreSQL", "H2", ... */
    String name();

    /** Loads every table and declared foreign key, in one or a few bulk catalog queries. */
    FkGraph loadGraph(Connection connection) throws SQLException;

    /**
     * The stored code that destroys rows where the guard cannot count them: routines, triggers and rules, read in a
     * few bulk catalog queries and cached with the graph. Empty where this dialect cannot read them (the generic
     * path): there only the statements that run what no catalog shows (CodeWords.runsUnseen) are stopped.
     */
    default DestructiveCode destructiveCode(Connection connection) throws SQLException {
        return DestructiveCode.NONE;
    }

    /**
     * The schema an unqualified table name resolves to on this connection now: the value of
     * {@link #currentSchemaExpression()} where there is one, else what the driver says ({@code getSchema()}).
     */
    default String currentSchema(Connection connection) throws SQLException {
        Optional<String> expression = currentSchemaExpression();
        if (expression.isEmpty()) {
            return connection.getSchema();
        }
        try (java.sql.Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + expression.get())) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * An SQL expression for the current schema, where reading it costs a round trip ({@code current_schema()}):
     * the guard then caches the schema per connection and has its counting query check it in the same round
     * trip. Empty where {@link #currentSchema} is free (H2 embedded, SQLite) or there is no such expression.
     */
    default Optional<String> currentSchemaExpression() {
        return Optional.empty();
    }

    /**
     * Finds the catalog table a statement's name refers to, following the database's identifier case rules
     * (PostgreSQL folds unquoted names to lower case, H2 to upper case; MariaDB and SQLite compare without case).
     * Returns null when no such table is known.
     */
    TableId resolve(TableName name, String currentSchema, FkGraph graph);

    /**
     * The catalog name of {@code name} when it is one of this session's temporary tables (which the shared graph
     * never holds: they are private to a session and can only reference each other).
     */
    default Optional<TableId> temporaryTable(Connection connection, TableName name) throws SQLException {
        return Optional.empty();
    }

    /**
     * The view {@code name} refers to (unqualified names looked up as the database looks them up for a DELETE), or
     * empty when it names no view. Only asked for names the graph does not hold, so a DELETE through a view is
     * counted as a DELETE of its base table's rows where the database makes that plain, and refused by name
     * ({@link ViewInfo#notDeletable}) where it does not.
     */
    default Optional<ViewInfo> view(Connection connection, TableName name, String currentSchema)
            throws SQLException {
        return Optional.empty();
    }

    /**
     * What {@code DROP <objectType> <written objects> [CASCADE]} takes with it beyond the named objects themselves:
     * tables and columns whose existence depends on them. Empty where such a DROP never reaches table data (the
     * default: a dropped table's own rows are counted apart). Empty Optional where it may, but this dialect cannot
     * tell which: the statement then fails closed.
     */
    default Optional<DroppedObjects> droppedWith(Connection connection, String objectType, List<String> written,
                                                 boolean cascade) throws SQLException {
        return Optional.of(DroppedObjects.NONE);
    }

    /**
     * True when the foreign-key graph holds every schema the connection can reach; false where it holds only the
     * current one (MariaDB's current database), so a table or schema elsewhere cannot be counted from it.
     */
    default boolean graphCoversAllSchemas() {
        return true;
    }

    /**
     * Whether a schema name as the statement wrote it names the catalog's {@code catalogSchema}: by default a quoted
     * name exactly and an unquoted one as PostgreSQL (lower case) or H2 (upper case) folds it.
     */
    default boolean sameSchema(String written, boolean quoted, String catalogSchema) {
        if (quoted) {
            return written.equals(catalogSchema);
        }
        return written.equals(catalogSchema) || written.toLowerCase(java.util.Locale.ROOT).equals(catalogSchema)
                || written.toUpperCase(java.util.Locale.ROOT).equals(catalogSchema);
    }

    /** True when {@code name} is a table of this connection that the graph does not hold (see DialectSession). */
    default boolean tableOutsideTheGraph(Connection connection, TableName name) throws SQLException {
        return false;
    }

    /** True where column names match whatever their case, quoted or not (MariaDB, SQLite). */
    default boolean columnNamesIgnoreCase() {
        return false;
    }

    /** True where {@code DROP DATABASE x} is {@code DROP SCHEMA x} (MariaDB, MySQL); elsewhere it drops another database. */
    default boolean dropDatabaseIsSchema() {
        return false;
    }

    /** An identifier quoted for this database. */
    String quote(String identifier);

    /** How the database treats a key an UPDATE changes or a row a REPLACE replaces. */
    default KeyChangeSemantics keyChangeSemantics() {
        return KeyChangeSemantics.STANDARD;
    }

    /** A table name, schema-qualified and quoted, for generated SQL. */
    default String qualified(TableId table) {
        return quote(table.schema()) + "." + quote(table.name());
    }

    /** A clause that keeps at most {@code rows} rows of a SELECT, with its leading space. */
    default String limit(long rows) {
        return " LIMIT " + rows;
    }

    /**
     * A column expression that identifies a row of a table without a primary key (PostgreSQL ctid, SQLite rowid,
     * H2 _ROWID_); empty where the database has none.
     */
    default Optional<String> rowIdentity() {
        return Optional.empty();
    }

    /**
     * True when a recursive CTE's UNION discards rows already produced, so recursion over cyclic data ends.
     * H2 2.x does not: its recursion must be bounded by depth.
     */
    default boolean recursiveUnionDeduplicates() {
        return true;
    }

    /**
     * A FROM-clause item named {@code alias} with one column {@code cg_t} holding 0 … {@code n}-1: the fan-out of
     * a cycle's recursive count. A SELECT without FROM is not standard (HSQLDB, Derby, DB2 refuse it); a VALUES list
     * with a column list is, but MariaDB and SQLite take no column list on a derived table.
     */
    default String integerRows(int n, String alias) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add("SELECT " + i + " AS cg_t");
        }
        return "(" + String.join(" UNION ALL ", rows) + ") " + alias;
    }

    /**
     * The SQL around each place the new value of a key column goes, such that it is true when the database counts
     * setting the column {@code old} (never NULL there) to that value as a change of the key, the change that fires
     * ON UPDATE actions: the parts with the value between each two. Null-safe, and with no bare {@code (?) IS NULL},
     * whose parameter PostgreSQL cannot type (pgJDBC's stringtype=unspecified, setNull(…, OTHER)).
     */
    default List<String> keyChanged(String old) {
        return List.of(old + " IS DISTINCT FROM (", ")");
    }

    /**
     * {@code query}, a WITH RECURSIVE counting query, as it must be sent so that the database follows the recursion
     * to its end rather than stopping silently at a configured depth (MariaDB stops at
     * {@code max_recursive_iterations}, 1000 by default, with only a warning). The estimate's time limit is the
     * bound against runaway data.
     */
    default String recursionUnlimited(String query) {
        return query;
    }

    /**
     * True when "row is in a CTE" is best written as an uncorrelated {@code (cols) IN (SELECT ...)}, which H2
     * evaluates once, rather than a correlated EXISTS, which H2 re-evaluates (CTE chain included) for every row.
     * MariaDB refuses IN over a sub-query with LIMIT, which bounded counting uses, so it keeps EXISTS.
     */
    default boolean prefersInSubqueries() {
        return true;
    }

    /**
     * A statement that sets, for the guard's counting query alone, what that query needs (PostgreSQL: JIT off; its
     * compile time dwarfs a small count). Sent in the same round trip as the count, scoped to the transaction,
     * and undone afterwards; empty where nothing is needed.
     */
    default Optional<String> countingSettings(Connection connection) throws SQLException {
        return Optional.empty();
    }

    /**
     * A clause that, appended to a SELECT, makes it read the latest committed rows instead of the transaction's
     * snapshot, where a DELETE acts on the former and a plain SELECT inside a transaction reads the latter (InnoDB
     * REPEATABLE READ: the DELETE and its cascade see rows other transactions committed after the snapshot was
     * taken). The guard appends it, inside a transaction, to every SELECT of its counting query that reads a table.
     * It locks what it reads until the transaction ends. Empty where plain reads already see what a DELETE sees.
     */
    default Optional<String> lockingRead() {
        return Optional.empty();
    }

    /**
     * True when several statements in one prepared statement travel in one round trip (pgjdbc): inside a
     * transaction the guard then sends its savepoint, count and rollback together instead of three round trips.
     */
    default boolean batchesStatements() {
        return false;
    }

    /**
     * True when a failed statement aborts the whole transaction (PostgreSQL: every later statement fails until
     * ROLLBACK), so the guard's own queries inside a transaction must run in a savepoint. False where only the
     * failed statement is undone (MariaDB/InnoDB): a read-only count then needs no savepoint, which saves two round
     * trips. (An InnoDB deadlock rolls back the whole transaction, savepoint or not.)
     */
    default boolean failedStatementAbortsTransaction() {
        return true;
    }

    /** How this database processes a cascade where the four databases differ. */
    CascadeSemantics semantics();

    /**
     * False when this connection does not enforce foreign keys at all (SQLite with {@code PRAGMA foreign_keys}
     * off): deleting a parent then cascades nothing and fails nothing.
     */
    default boolean foreignKeysEnforced(Connection connection) throws SQLException {
        return true;
    }

    /**
     * An SQL expression that is 1 while the connection enforces foreign keys and 0 while not, for a counting query
     * to confirm in its own round trip the state the plan assumed; empty where {@link #foreignKeysEnforced} is
     * read each time instead (cheap, or constant).
     */
    default Optional<String> foreignKeysEnforcedExpression() {
        return Optional.empty();
    }

    /** Whose switch it is when this connection enforces no foreign keys: the rules treat SQLite's apart. */
    default ForeignKeyChecks foreignKeysOff() {
        return ForeignKeyChecks.OFF;
    }

    /**
     * How to ask the planner for a SELECT's row estimate (the fallback when counting times out); empty where the
     * database gives none, and a count that times out then fails the estimate.
     */
    default Optional<PlannerEstimates> plannerEstimates() {
        return Optional.empty();
    }

    /** The planner's row estimates: a capability some databases have. */
    interface PlannerEstimates {

        /** The statement that asks for {@code select}'s row estimate; run with the SELECT's own parameters bound. */
        String explainQuery(String select);

        /** The planner's row estimate, read from the current (first) row of {@link #explainQuery}'s result. */
        long explainedRows(ResultSet firstRow) throws SQLException;
    }
}
