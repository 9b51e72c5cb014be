package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.UniqueKeys;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.StatementKind;

import java.util.ArrayList;
import java.util.List;

/**
 * A REPLACE as the DELETE it performs first: {@code DELETE FROM t WHERE} the row equals some new row on some unique
 * key. That is exactly the set of existing rows the database removes, whatever the order of the new rows: a new row
 * deletes every row present that conflicts with it, so an existing row conflicting with any new row goes (now or
 * earlier, by another new row), and no other existing row does. New rows that replace each other were never existing
 * rows and cascade to nothing, so they are not counted. SQL equality gives the NULL rule for free: a key with a NULL
 * never equals anything, as a NULL in a unique key never conflicts; and the server compares with the column's own
 * collation and affinity, as its unique index does.
 */
final class ReplaceSeeds {

    private static final String ALIAS = "cg_r";
    private static final String NEW_ROWS = "cg_new";

    private ReplaceSeeds() {
    }

    /** The DELETE the REPLACE performs, over {@code table} aliased {@value #ALIAS}. */
    static ParsedStatement.Delete asDelete(ParsedStatement.Replace replace, TableId table, UniqueKeys keys,
                                           Dialect dialect) throws EstimateException {
        if (keys.problem() != null) {
            throw new EstimateException("REPLACE into " + table.name() + ": " + keys.problem()
                    + ", so the rows it replaces cannot be predicted");
        }
        List<String> columns = columns(replace, keys);
        boolean nullTakesDefault = dialect.keyChangeSemantics().replaceNullTakesDefault();
        SqlFragment where;
        SqlFragment with = SqlFragment.EMPTY;
        if (replace.select() == null) {
            for (List<SqlFragment> row : replace.rows()) {
                if (row.size() != columns.size()) {
                    throw new EstimateException("REPLACE has a row of " + row.size() + " values for "
                            + columns.size() + " columns");
                }
            }
            where = or(valuesMatches(replace.rows(), columns, keys, dialect, nullTakesDefault));
        } else {
            List<SqlFragment> row = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                names.add("cg_c" + i);
                row.add(SqlFragment.of(NEW_ROWS + ".cg_c" + i));
            }
            with = SqlFragment.of(NEW_ROWS + "(" + String.join(", ", names) + ") AS (").append(replace.select())
                    .append(")");
            List<SqlFragment> matches = rowMatches(row, columns, keys, dialect, nullTakesDefault);
            where = matches.isEmpty() ? SqlFragment.of("1 = 0")
                    : SqlFragment.of("EXISTS (SELECT 1 FROM " + NEW_ROWS + " WHERE ").append(or(matches)).append(")");
        }
        return new ParsedStatement.Delete(replace.sql(),
                List.of(new ParsedStatement.DeleteTarget(replace.table(), ALIAS)), with, false,
                SqlFragment.of(dialect.qualified(table) + " " + ALIAS), false, where, SqlFragment.EMPTY);
    }

    /** The reports of the DELETE, as the REPLACE's own. */
    static List<CascadeReport> relabel(List<CascadeReport> reports, Dialect dialect) throws EstimateException {
        List<CascadeReport> out = new ArrayList<>();
        for (CascadeReport r : reports) {
            if (dialect.keyChangeSemantics().noActionChecksAtStatementEnd() && r.wouldFail()) {
                // SQLite checks a NO ACTION key when the statement ends, after the new rows are in: a reference to
                // a replaced row is then fine if a new row brought its key back, which the guard does not follow
                throw new EstimateException("rows still reference the rows this REPLACE replaces, and whether SQLite "
                        + "refuses it depends on the keys of the new rows, which the guard does not predict");
            }
            out.add(new CascadeReport(r.sql(), StatementKind.REPLACE, r.target(), true, r.effects(), r.notes(),
                    r.failures(), r.foreignKeyChecks()));
        }
        return out;
    }

    /** The columns the new rows' values are for, as catalog names: those written, else every stored column. */
    private static List<String> columns(ParsedStatement.Replace replace, UniqueKeys keys) throws EstimateException {
        if (replace.columns().isEmpty()) {
            return keys.columns().values().stream().filter(c -> !c.generated()).map(UniqueKeys.Column::name).toList();
        }
        List<String> columns = new ArrayList<>();
        for (String written : replace.columns()) {
            // MariaDB and SQLite match column names whatever their case, quoted or not
            String name = keys.columns().keySet().stream().filter(written::equalsIgnoreCase).findFirst()
                    .orElseThrow(() -> new EstimateException("REPLACE names a column the table does not have: "
                            + written));
            columns.add(name);
        }
        return columns;
    }

    /**
     * For VALUES rows: a one-column key as one {@code cg_r.k IN (v1, v2, ...)} (a flat list, where an OR per row
     * would nest as deep as there are rows, past SQLite's expression depth of 1000), other keys row by row.
     */
    private static List<SqlFragment> valuesMatches(List<List<SqlFragment>> rows, List<String> columns,
                                                   UniqueKeys keys, Dialect dialect, boolean nullTakesDefault)
            throws EstimateException {
        List<SqlFragment> matches = new ArrayList<>();
        for (List<String> key : keys.keys()) {
            if (key.size() == 1) {
                SqlFragment in = null;
                for (List<SqlFragment> row : rows) {
                    SqlFragment value = value(key.get(0), row, columns, keys, nullTakesDefault);
                    if (value != null) {
                        in = in == null ? SqlFragment.of("(" + ALIAS + "." + dialect.quote(key.get(0)) + " IN (")
                                .append(value) : in.append(", ").append(value);
                    }
                }
                if (in != null) {
                    matches.add(in.append("))"));
                }
                continue;
            }
            UniqueKeys one = new UniqueKeys(keys.columns(), List.of(key), null);
            for (List<SqlFragment> row : rows) {
                matches.addAll(rowMatches(row, columns, one, dialect, nullTakesDefault));
            }
        }
        return matches;
    }

    /** For one new row, {@code cg_r.k1 = v1 AND ...} for each key the row can conflict on. */
    private static List<SqlFragment> rowMatches(List<SqlFragment> row, List<String> columns, UniqueKeys keys,
                                                Dialect dialect, boolean nullTakesDefault) throws EstimateException {
        List<SqlFragment> matches = new ArrayList<>();
        for (List<String> key : keys.keys()) {
            SqlFragment match = null;
            for (String column : key) {
                SqlFragment value = value(column, row, columns, keys, nullTakesDefault);
                if (value == null) {
                    match = null; // the new row's key holds NULL or a fresh value: it conflicts with nothing
                    break;
                }
                SqlFragment equal = SqlFragment.of(ALIAS + "." + dialect.quote(column) + " = ").append(value);
                match = match == null ? equal : match.append(" AND ").append(equal);
            }
            if (match != null) {
                matches.add(SqlFragment.of("(").append(match).append(")"));
            }
        }
        return matches;
    }

    /** The value the new row stores in {@code column}, or null when it can conflict with no existing row. */
    private static SqlFragment value(String column, List<SqlFragment> row, List<String> columns, UniqueKeys keys,
                                     boolean nullTakesDefault) throws EstimateException {
        UniqueKeys.Column info = keys.columns().get(column);
        if (info == null || info.generated()) {
            throw new EstimateException("unique key column " + column + " is generated, so the value REPLACE "
                    + "compares is computed by the database");
        }
        int at = columns.indexOf(column);
        if (at >= 0) {
            SqlFragment written = row.get(at);
            if (nullTakesDefault && info.notNull() && info.constantDefault() != null && !info.autoGenerated()) {
                // SQLite's REPLACE stores a NOT NULL column's default in place of a NULL
                return SqlFragment.of("COALESCE(").append(written).append(", " + info.constantDefault() + ")");
            }
            return written;
        }
        if (info.autoGenerated() || info.nullDefault()) {
            return null;
        }
        if (info.constantDefault() != null) {
            return SqlFragment.of(info.constantDefault());
        }
        throw new EstimateException("unique key column " + column + " is not given a value and its default is not a "
                + "constant, so whether the new rows conflict cannot be predicted");
    }

    private static SqlFragment or(List<SqlFragment> matches) {
        if (matches.isEmpty()) {
            return SqlFragment.of("1 = 0");
        }
        SqlFragment all = matches.get(0);
        for (int i = 1; i < matches.size(); i++) {
            all = all.append(" OR ").append(matches.get(i));
        }
        return all;
    }
}
