package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.rules.GuardReport;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A stand-in for the real guard: rejects any SQL containing the word DELETE with SQLState XG002, consumes
 * {@code SET guard.allow_rows ...}, asks for a metadata refresh after CREATE/ALTER/DROP, and records every call so
 * tests can tell what the wrappers handed over and when. Prepared SQL gets a check only when it deletes or updates,
 * so anything else is pass-through.
 */
final class RejectingGuard implements Checkpoint, SessionControl {

    static final String REJECTED_STATE = "XG002";

    /** One call into the guard; {@code values} holds the bound values (one list per set for a prepared batch). */
    record Call(String method, String sql, List<Object> values) {
    }

    record Check(String sql) implements PreparedCheck {
    }

    private static final Pattern DELETE = Pattern.compile("\\bdelete\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEEDS_CHECK = Pattern.compile("\\b(delete|update)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SESSION_COMMAND = Pattern.compile("^\\s*set\\s+guard\\.allow_rows\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEMA_CHANGE = Pattern.compile("^\\s*(create|alter|drop)\\b",
            Pattern.CASE_INSENSITIVE);

    final List<Call> calls = new ArrayList<>();
    ParameterLog lastParameters;
    int schemaChanges;
    int connectionsClosed;
    RuntimeException failOnClose;

    @Override
    public Execution beforeExecute(String sql) throws SQLException {
        calls.add(new Call("beforeExecute", sql, List.of()));
        return decide(sql);
    }

    @Override
    public PreparedCheck prepare(String sql) {
        calls.add(new Call("prepare", sql, List.of()));
        return NEEDS_CHECK.matcher(sql).find() ? new Check(sql) : null;
    }

    @Override
    public Execution beforeExecute(PreparedCheck prepared, ParameterLog parameters) throws SQLException {
        calls.add(new Call("beforeExecute(prepared)", prepared.sql(), values(parameters)));
        lastParameters = parameters;
        return decide(prepared.sql());
    }

    @Override
    public Execution beforeBatch(List<String> sqls) throws SQLException {
        calls.add(new Call("beforeBatch", String.join("; ", sqls), List.of()));
        Execution combined = sqls.isEmpty() ? Execution.RUN : Execution.CONSUMED;
        for (String sql : sqls) {
            Execution outcome = decide(sql);
            if (outcome == Execution.RUN_THEN_REFRESH || combined == Execution.CONSUMED) {
                combined = outcome;
            }
        }
        return combined;
    }

    @Override
    public Execution beforeBatch(PreparedCheck prepared, List<ParameterLog> parameterSets) throws SQLException {
        List<Object> sets = new ArrayList<>();
        for (ParameterLog set : parameterSets) {
            sets.add(values(set));
        }
        calls.add(new Call("beforeBatch(prepared)", prepared.sql(), sets));
        return decide(prepared.sql());
    }

    @Override
    public Execution beforeDeleteRow(ResultSet rows) throws SQLException {
        calls.add(new Call("beforeDeleteRow", null, List.of()));
        throw rejected();
    }

    @Override
    public void schemaChanged() {
        schemaChanges++;
    }

    @Override
    public void connectionClosed() {
        connectionsClosed++;
        if (failOnClose != null) {
            throw failOnClose;
        }
    }

    // ---- SessionControl: only recorded

    @Override
    public void allowNext(long rows, String reason) {
        calls.add(new Call("allowNext", reason, List.of(rows)));
    }

    @Override
    public void clearOverride() {
        calls.add(new Call("clearOverride", null, List.of()));
    }

    @Override
    public GuardReport preview(String sql, Object[] parameters) {
        calls.add(new Call("preview", sql, Arrays.asList(parameters)));
        return null;
    }

    @Override
    public GuardReport decide(String sql, Object[] parameters) {
        calls.add(new Call("decide", sql, Arrays.asList(parameters)));
        return null;
    }

    @Override
    public void refreshMetadata() {
        calls.add(new Call("refreshMetadata", null, List.of()));
    }

    // ---- helpers

    List<String> methods() {
        return calls.stream().map(Call::method).toList();
    }

    Call last() {
        return calls.get(calls.size() - 1);
    }

    private static Execution decide(String sql) throws SQLException {
        if (DELETE.matcher(sql).find()) {
            throw rejected();
        }
        if (SESSION_COMMAND.matcher(sql).find()) {
            return Execution.CONSUMED;
        }
        return SCHEMA_CHANGE.matcher(sql).find() ? Execution.RUN_THEN_REFRESH : Execution.RUN;
    }

    private static SQLException rejected() {
        return new SQLException("rejected by test guard", REJECTED_STATE);
    }

    private static List<Object> values(ParameterLog parameters) {
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= parameters.size(); i++) {
            ParameterLog.Binding binding = parameters.get(i);
            values.add(binding == null ? null : binding.value());
        }
        return values;
    }
}
