package dev.cascadeguard.driver.estimate;

/** The guard could not work out what a statement would do; the policy ({@code guard.onEstimateError}) decides. */
public class EstimateException extends Exception {
    private static final long serialVersionUID = 1L;

    public EstimateException(String message) {
        super(message);
    }

    public EstimateException(String message, Throwable cause) {
        super(message, cause);
    }
}
