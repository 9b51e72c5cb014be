package dev.cascadeguard.report;

import java.util.Locale;

/**
 * Row counts as people read them. Always a comma as thousands separator, whatever the JVM locale, so that
 * messages, logs and tests read the same on every machine.
 */
public final class RowFormat {

    private RowFormat() {
    }

    /** {@code 9641} as {@code "9,641"}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code "1 row"}, {@code "9,641 rows"}. */
    public static String rows(long n) {
        return count(n) + (n == 1 ? " row" : " rows");
    }

    /**
     * A count that may be a lower bound or an estimate: {@code "at least 1,001 rows"} when counting stopped at a
     * cap, {@code "about 3,200 rows"} for a planner estimate, else as {@link #rows(long)}.
     */
    public static String rows(long n, boolean exact, boolean capped) {
        if (capped) {
            return "at least " + count(n) + " rows";
        }
        return exact ? rows(n) : "about " + rows(n);
    }
}
