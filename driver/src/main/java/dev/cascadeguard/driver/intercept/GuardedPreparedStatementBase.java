package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.driver.intercept.ParameterLog.Binder;
import dev.cascadeguard.driver.intercept.ParameterLog.Binding;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * What the prepared and callable wrappers share. The SQL was shown to the guard once, at prepare time; when the
 * guard returned a {@link Checkpoint.PreparedCheck}, every positional {@code setXxx} is also recorded in a
 * {@link ParameterLog} so the guard can count with the values bound at execution time. When it returned null the
 * statement is pass-through: nothing is recorded and no execution calls the guard. Longer than 400 lines only
 * because of the positional setters, each a delegate plus one recording line; the rest of {@code PreparedStatement}
 * is plain delegation in the generated {@link DelegatingPreparedStatement}.
 */
abstract class GuardedPreparedStatementBase<P extends PreparedStatement> extends DelegatingPreparedStatement<P> {

    /** Streams and readers can be read once only, by the real execution: the guard gets no value to replay. */
    private static final Binder CANNOT_REPLAY = (target, index) -> {
        throw new SQLFeatureNotSupportedException(
                "Parameter " + index + " was bound from a stream or reader and cannot be bound a second time");
    };
    static final Binding NOT_REPLAYABLE = new Binding(null, CANNOT_REPLAY, false);

    /** Null for a pass-through statement. */
    final Checkpoint.PreparedCheck check;
    /** The values bound now; null exactly when {@link #check} is. */
    final ParameterLog parameters;
    /** One parameter set per {@code addBatch()}; created on first use. */
    private List<ParameterLog> batchParameters;

    GuardedPreparedStatementBase(GuardedConnection connection, P real, Checkpoint guard,
            Checkpoint.PreparedCheck check) {
        super(connection, real, guard);
        this.check = check;
        this.parameters = check == null ? null : new ParameterLog();
    }

    // ---- prepared execution

    @Override
    public boolean execute() throws SQLException {
        Execution outcome = checkBound();
        if (outcome.consumed()) {
            return false;
        }
        try {
            return real.execute();
        } catch (SQLException failure) {
            throw failed(outcome, failure);
        } finally {
            ran(outcome);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        Execution outcome = checkBound();
        if (outcome.consumed()) {
            return 0;
        }
        try {
            return real.executeUpdate();
        } catch (SQLException failure) {
            throw failed(outcome, failure);
        } finally {
            ran(outcome);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        Execution outcome = checkBound();
        if (outcome.consumed()) {
            return 0;
        }
        try {
            return real.executeLargeUpdate();
        } catch (SQLException failure) {
            throw failed(outcome, failure);
        } finally {
            ran(outcome);
        }
    }

    /** Also a destructive path: PostgreSQL's {@code DELETE ... RETURNING} arrives here. */
    @Override
    public ResultSet executeQuery() throws SQLException {
        Execution outcome = checkBound();
        if (outcome.consumed()) {
            throw noResultSet();
        }
        try {
            return wrap(real.executeQuery());
        } catch (SQLException failure) {
            throw failed(outcome, failure);
        } finally {
            ran(outcome);
        }
    }

    private Execution checkBound() throws SQLException {
        if (check == null) {
            passThrough();
            return Execution.RUN;
        }
        return noted(checking(() -> guard.beforeExecute(check, parameters)));
    }

    // ---- prepared batches: one parameter snapshot per addBatch(), checked as a whole

    @Override
    public void addBatch() throws SQLException {
        real.addBatch();
        if (parameters != null) {
            if (batchParameters == null) {
                batchParameters = new ArrayList<>();
            }
            batchParameters.add(parameters.copy());
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        super.clearBatch();
        forgetParameterSets();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        int size = batchSize();
        Execution outcome = checkBatch();
        if (outcome.consumed()) {
            real.clearBatch();
            forgetBatch();
            forgetParameterSets();
            return new int[size];
        }
        try {
            return real.executeBatch();
        } catch (SQLException failure) {
            throw failed(outcome, failure);
        } finally {
            forgetParameterSets();
            ran(outcome);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        int size = batchSize();
        Execution outcome = checkBatch();
        if (outcome.consumed()) {
            real.clearBatch();
            forgetBatch();
            forgetParameterSets();
            return new long[size];
        }
        try {
            return real.executeLargeBatch();
        } catch (SQLException failure) {
            throw failed(outcome, failure);
        } finally {
            forgetParameterSets();
            ran(outcome);
        }
    }

    /**
     * The JDBC spec forbids {@code addBatch(String)} on a prepared statement, but a lenient driver might accept it:
     * such SQL is checked too rather than slipping through with the prepared batch.
     */
    private Execution checkBatch() throws SQLException {
        passThrough();
        Execution sqlOutcome = hasSqlBatch() ? checkSqlBatch() : Execution.RUN;
        if (check == null) {
            return sqlOutcome;
        }
        List<ParameterLog> sets = batchParameters == null ? List.of() : List.copyOf(batchParameters);
        Execution outcome;
        try {
            outcome = checking(() -> guard.beforeBatch(check, sets));
        } catch (SQLException | RuntimeException rejected) {
            real.clearBatch();
            forgetBatch();
            forgetParameterSets();
            throw rejected;
        }
        noted(outcome);
        // a schema change in the lenient SQL part must still trigger the refresh
        return sqlOutcome.refreshesSchema() ? outcome.withSchemaRefresh() : outcome;
    }

    private int batchSize() {
        return batchParameters == null ? 0 : batchParameters.size();
    }

    private void forgetParameterSets() {
        if (batchParameters != null) {
            batchParameters.clear();
        }
    }

    // ---- parameters

    @Override
    public void clearParameters() throws SQLException {
        real.clearParameters();
        if (parameters != null) {
            parameters.clear();
        }
    }

    /** A stream or reader handed to {@code setObject} is consumed by the real execution, like the stream setters. */
    static boolean isReplayable(Object value) {
        return !(value instanceof InputStream || value instanceof Reader);
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        real.setArray(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setArray(index, x));
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        real.setAsciiStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        real.setAsciiStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        real.setAsciiStream(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        real.setBigDecimal(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setBigDecimal(index, x));
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        real.setBinaryStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        real.setBinaryStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        real.setBinaryStream(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException {
        real.setBlob(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream x) throws SQLException {
        real.setBlob(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        real.setBlob(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setBlob(index, x));
        }
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        real.setBoolean(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setBoolean(index, x));
        }
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        real.setByte(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setByte(index, x));
        }
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        real.setBytes(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setBytes(index, x));
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, int length) throws SQLException {
        real.setCharacterStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
        real.setCharacterStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader x) throws SQLException {
        real.setCharacterStream(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader x, long length) throws SQLException {
        real.setClob(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader x) throws SQLException {
        real.setClob(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        real.setClob(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setClob(index, x));
        }
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        real.setDate(parameterIndex, x, cal);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setDate(index, x, cal));
        }
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        real.setDate(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setDate(index, x));
        }
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        real.setDouble(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setDouble(index, x));
        }
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        real.setFloat(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setFloat(index, x));
        }
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        real.setInt(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setInt(index, x));
        }
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        real.setLong(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setLong(index, x));
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
        real.setNCharacterStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException {
        real.setNCharacterStream(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader x, long length) throws SQLException {
        real.setNClob(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader x) throws SQLException {
        real.setNClob(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    @Override
    public void setNClob(int parameterIndex, NClob x) throws SQLException {
        real.setNClob(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setNClob(index, x));
        }
    }

    @Override
    public void setNString(int parameterIndex, String x) throws SQLException {
        real.setNString(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setNString(index, x));
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        real.setNull(parameterIndex, sqlType, typeName);
        if (parameters != null) {
            parameters.set(parameterIndex, null, (target, index) -> target.setNull(index, sqlType, typeName));
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        real.setNull(parameterIndex, sqlType);
        if (parameters != null) {
            parameters.set(parameterIndex, null, (target, index) -> target.setNull(index, sqlType));
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        real.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        if (parameters != null) {
            parameters.set(parameterIndex,
                    new Binding(x, (target, index) -> target.setObject(index, x, targetSqlType, scaleOrLength), isReplayable(x)));
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        real.setObject(parameterIndex, x, targetSqlType);
        if (parameters != null) {
            parameters.set(parameterIndex,
                    new Binding(x, (target, index) -> target.setObject(index, x, targetSqlType), isReplayable(x)));
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        real.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        if (parameters != null) {
            parameters.set(parameterIndex,
                    new Binding(x, (target, index) -> target.setObject(index, x, targetSqlType, scaleOrLength), isReplayable(x)));
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        real.setObject(parameterIndex, x, targetSqlType);
        if (parameters != null) {
            parameters.set(parameterIndex,
                    new Binding(x, (target, index) -> target.setObject(index, x, targetSqlType), isReplayable(x)));
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        real.setObject(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex,
                    new Binding(x, (target, index) -> target.setObject(index, x), isReplayable(x)));
        }
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        real.setRef(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setRef(index, x));
        }
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        real.setRowId(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setRowId(index, x));
        }
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
        real.setSQLXML(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setSQLXML(index, x));
        }
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        real.setShort(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setShort(index, x));
        }
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        real.setString(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setString(index, x));
        }
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        real.setTime(parameterIndex, x, cal);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setTime(index, x, cal));
        }
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        real.setTime(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setTime(index, x));
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        real.setTimestamp(parameterIndex, x, cal);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setTimestamp(index, x, cal));
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        real.setTimestamp(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setTimestamp(index, x));
        }
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        real.setURL(parameterIndex, x);
        if (parameters != null) {
            parameters.set(parameterIndex, x, (target, index) -> target.setURL(index, x));
        }
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        real.setUnicodeStream(parameterIndex, x, length);
        if (parameters != null) {
            parameters.set(parameterIndex, NOT_REPLAYABLE);
        }
    }

    /**
     * Hands out the real driver's object as it is: {@link ResultSetMetaData} describes columns and reaches no
     * connection or statement, so there is nothing to guard. Written here, not generated, because every method that
     * hands out an object is a decision of the wrapper (see NoBypassTest).
     */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return real.getMetaData();
    }
}
