package dev.cascadeguard.driver.intercept;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameters bound to a guarded prepared statement, recorded so the guard can bind the same values to its
 * counting query. Only statements that need a check record anything: the pass-through path never touches this.
 */
public final class ParameterLog {

    /** How to bind one recorded value again. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement target, int index) throws SQLException;
    }

    /**
     * One recorded {@code setXxx} call.
     *
     * @param value      the value as given (for audit and preview; masked unless configured otherwise)
     * @param binder     replays the same setter on another statement
     * @param replayable false for streams and readers, which the real execution must consume itself
     */
    public record Binding(Object value, Binder binder, boolean replayable) {
    }

    private Binding[] bindings;

    /** The values of {@code parameters} bound in order, as {@code setObject} would ({@code preview}'s parameters). */
    public static ParameterLog of(Object... parameters) {
        ParameterLog log = new ParameterLog();
        for (int i = 0; parameters != null && i < parameters.length; i++) {
            Object value = parameters[i];
            log.set(i + 1, value, (ps, index) -> ps.setObject(index, value));
        }
        return log;
    }

    public ParameterLog() {
        this.bindings = new Binding[8];
    }

    private ParameterLog(Binding[] bindings) {
        this.bindings = bindings;
    }

    public void set(int index, Binding binding) {
        if (index < 1) {
            return; // the real driver reports the bad index when the statement runs
        }
        if (index > bindings.length) {
            bindings = Arrays.copyOf(bindings, Math.max(index, bindings.length * 2));
        }
        bindings[index - 1] = binding;
    }

    public void set(int index, Object value, Binder binder) {
        set(index, new Binding(value, binder, true));
    }

    /** The binding for a 1-based index, or null when none was set. */
    public Binding get(int index) {
        return index >= 1 && index <= bindings.length ? bindings[index - 1] : null;
    }

    public void clear() {
        Arrays.fill(bindings, null);
    }

    public ParameterLog copy() {
        return new ParameterLog(bindings.clone());
    }

    /** The highest index that has a binding, 0 for none. */
    public int size() {
        for (int i = bindings.length; i > 0; i--) {
            if (bindings[i - 1] != null) {
                return i;
            }
        }
        return 0;
    }
}
