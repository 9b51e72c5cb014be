package dev.cascadeguard.cli.lint.stats;

/**
 * How many rows a table holds, as far as {@code lint} knows without counting them all.
 *
 * @param rows    the estimate (never negative)
 * @param atLeast true when a bounded sample stopped at its bound: the table holds at least this many rows
 * @param source  where the number comes from ("pg_class.reltuples", "sample", ...), for the output's label
 */
public record RowEstimate(long rows, boolean atLeast, String source) {
    public RowEstimate {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be 0 or more: " + rows);
        }
    }
}
