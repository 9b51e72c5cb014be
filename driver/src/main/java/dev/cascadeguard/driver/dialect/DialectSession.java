package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One guarded connection's side of its dialect: what the stateless, shared {@link Dialect} asks of a connection,
 * and what one connection learns and keeps (its current schema). Created per guarded connection, used on the
 * thread that uses the connection, as JDBC connections are.
 */
public final class DialectSession {

    private final Dialect dialect;
    private final Connection connection;
    /** The current schema as last read, where reading it costs a round trip; null when not read (or forgotten). */
    private String knownSchema;
    /** The foreign-key switch as last read or confirmed, where a count confirms it; null when not read yet. */
    private Boolean knownEnforced;

    public DialectSession(Dialect dialect, Connection connection) {
        this.dialect = dialect;
        this.connection = connection;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Connection connection() {
        return connection;
    }

    /**
     * The schema unqualified names resolve to; null when it cannot be read (estimates then fail closed). Where
     * reading it costs a round trip it is read once and kept: every counting query checks it in its own round
     * trip, and a change is answered with {@link #forgetSchema()}.
     */
    public String currentSchema() {
        if (knownSchema != null) {
            return knownSchema;
        }
        try {
            String schema = dialect.currentSchema(connection);
            if (dialect.currentSchemaExpression().isPresent()) {
                knownSchema = schema;
            }
            return schema;
        } catch (SQLException e) {
            return null;
        }
    }

    /** A {@code SET search_path} or {@code USE} since the schema was read: read it again next time. */
    public void forgetSchema() {
        knownSchema = null;
    }

    /** The catalog name of {@code name} when it is one of this session's temporary tables. */
    /**
     * True when an unqualified name the graph lacks names a table where the graph cannot see (SQLite looks
     * unqualified names up in ATTACHed databases too): such a DROP must fail closed rather than pass as absent.
     */
    public boolean outsideTheGraph(TableName name) throws SQLException {
        return dialect.tableOutsideTheGraph(connection, name);
    }

    public Optional<TableId> temporaryTable(TableName name) throws SQLException {
        return dialect.temporaryTable(connection, name);
    }

    /**
     * The view {@code name} refers to, in {@code schema} (the one the statement's names are bound in, which the
     * count confirms) when unqualified ({@link Dialect#view}).
     */
    public Optional<ViewInfo> view(TableName name, String schema) throws SQLException {
        return dialect.view(connection, name, schema);
    }

    /**
     * False when this connection enforces no foreign keys now. Where the dialect can check the switch inside the
     * counting query ({@link Dialect#foreignKeysEnforcedExpression()}, MariaDB) it is read once and kept, and every
     * count confirms it in its own round trip (a change is answered with {@link #foreignKeysSwitched()}); elsewhere
     * it is read each time (SQLite's {@code PRAGMA foreign_keys} runs in process, no round trip).
     */
    public boolean foreignKeysEnforced() throws SQLException {
        if (dialect.foreignKeysEnforcedExpression().isEmpty()) {
            return dialect.foreignKeysEnforced(connection);
        }
        if (knownEnforced == null) {
            knownEnforced = dialect.foreignKeysEnforced(connection);
        }
        return knownEnforced;
    }

    /** A count found the switch the other way round than kept: it is now that way. Returns the new state. */
    public boolean foreignKeysSwitched() throws SQLException {
        knownEnforced = !foreignKeysEnforced();
        return knownEnforced;
    }

    /** See {@link Dialect#countingSettings}. */
    public Optional<String> countingSettings() throws SQLException {
        return dialect.countingSettings(connection);
    }

    /** See {@link Dialect#droppedWith}. */
    public Optional<DroppedObjects> droppedWith(String objectType, List<String> written, boolean cascade)
            throws SQLException {
        return dialect.droppedWith(connection, objectType, written, cascade);
    }
}
