package dev.cascadeguard.driver.bind;

/**
 * A statement names something the guard cannot bind to a table it can count (not in the catalog even after a
 * reload, or where the graph cannot see): the statement is unverifiable, for {@code guard.onEstimateError}.
 */
public final class BindException extends Exception {
    private static final long serialVersionUID = 1L;

    public BindException(String message) {
        super(message);
    }
}
