package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.List;

/**
 * One SQL statement that counts everything a plan needs, in one round trip: its result has one row per item,
 * {@code (item number, rows)}.
 *
 * @param sql        the query, with JDBC placeholders
 * @param parameters for each placeholder in order, the 1-based index of the user's parameter to bind there
 * @param items      what each result row counts, by item number
 * @param withPrefix the WITH clause every item's rows are selected under ("" for none); holds every placeholder
 * @param rowSelects for each item, a SELECT of the rows it counts (under {@code withPrefix}), for the planner
 *                   estimate that stands in when counting times out
 */
public record CountQuery(String sql, List<Integer> parameters, List<Item> items, String withPrefix,
                         List<String> rowSelects) {

    public CountQuery {
        parameters = List.copyOf(parameters);
        items = List.copyOf(items);
        rowSelects = List.copyOf(rowSelects);
    }

    /** The item number of the row that checks the current schema (1 = as expected, 0 = it changed). */
    public static final int SCHEMA_CHECK_ITEM = -1;

    /** The item number of the row that checks foreign-key enforcement (1 = as expected, 0 = it changed). */
    public static final int FOREIGN_KEYS_CHECK_ITEM = -2;

    /**
     * This query, also checking in the same round trip that {@code expression} (1 while the connection enforces
     * foreign keys, 0 while not: MariaDB's {@code @@foreign_key_checks}) still says what the plan assumed.
     */
    public CountQuery withForeignKeysCheck(String expression, boolean expectedEnforced) {
        String check = "SELECT " + FOREIGN_KEYS_CHECK_ITEM + " AS cg_item, CASE WHEN " + expression + " = "
                + (expectedEnforced ? 1 : 0) + " THEN 1 ELSE 0 END AS cg_rows";
        String checked = sql.isEmpty() ? check : sql + " UNION ALL " + check;
        return new CountQuery(checked, parameters, items, withPrefix, rowSelects);
    }

    /**
     * This query, also checking in the same round trip that {@code expression} (the database's current schema)
     * still equals {@code expected}: the schema the table names were resolved in.
     */
    public CountQuery withSchemaCheck(String expression, String expected) {
        String literal = "'" + expected.replace("'", "''") + "'";
        String check = "SELECT " + SCHEMA_CHECK_ITEM + " AS cg_item, CASE WHEN " + expression + " = " + literal
                + " THEN 1 ELSE 0 END AS cg_rows";
        String checked = sql.isEmpty() ? check : sql + " UNION ALL " + check;
        return new CountQuery(checked, parameters, items, withPrefix, rowSelects);
    }

    /**
     * This query and then {@code next}, in one round trip: {@code next}'s item numbers must follow this one's, and
     * neither may have parameters or a WITH prefix (the whole-table and dropped-column counts have none).
     */
    CountQuery followedBy(CountQuery next) {
        if (next.items().isEmpty()) {
            return this;
        }
        if (items.isEmpty()) {
            return next;
        }
        List<Item> all = new java.util.ArrayList<>(items);
        all.addAll(next.items());
        List<String> selects = new java.util.ArrayList<>(rowSelects);
        selects.addAll(next.rowSelects());
        return new CountQuery(sql + " UNION ALL " + next.sql(), parameters, all, withPrefix, selects);
    }

    /** The standalone SELECT of item {@code i}'s rows, with the same placeholders as {@link #sql()}. */
    public String rowSelect(int i) {
        return withPrefix.isEmpty() ? rowSelects.get(i) : withPrefix + " " + rowSelects.get(i);
    }

    public enum ItemKind {
        /** Rows the statement or its cascade deletes. */
        DELETE,
        /** Rows whose referencing columns are set to NULL. */
        SET_NULL,
        /** Rows whose referencing columns are set to their default. */
        SET_DEFAULT,
        /** Rows whose RESTRICT / NO ACTION reference makes the statement fail. */
        RESTRICT,
        /**
         * Rows the cascade deletes that another key of the statement would also set to NULL or to its default: where
         * that fails the statement ({@code CascadeSemantics#changeOfCascadedRowFails}), any such row does.
         */
        DELETED_AND_CHANGED,
        /**
         * Of the RESTRICT rows, those the statement deletes too, where only the order the engine reads rows in decides
         * whether they go before the check (the failure is predicted; a note says it may not happen).
         */
        RESTRICT_ORDER_DEPENDENT,
        /** Surviving parent rows that the default value of a SET DEFAULT key points to (0 = the delete fails). */
        DEFAULT_PARENT,
        /** Rows first reached at the last depth a bounded recursion follows (0 = the cycle count is exact). */
        CYCLE_FRONTIER,
        /**
         * Rows a self-reference reaches at the cascade depth the engine refuses (InnoDB: 15 levels down; the item's
         * depth): any makes the statement fail.
         */
        TOO_DEEP,
        /** Rows the statement itself names (its LIMIT applied), before any cascade or self-reference closure. */
        STATEMENT_ROWS,
        /** Rows of a cycle's closure counted in bounded mode, all its tables together (= the cap: they are capped). */
        CYCLE_CAP,
        /** Rows holding a value in a column the statement drops. */
        DROP_COLUMN,
        /** Rows left pointing at deleted rows: the connection enforces no foreign keys ({@link OrphanCounts}). */
        ORPHAN
    }

    /**
     * One counted thing.
     *
     * @param kind    what is counted
     * @param table   the table whose rows are counted
     * @param depth   foreign-key hops from the target
     * @param path    the tables from the target to this one
     * @param keys    the foreign keys behind a side effect (empty for deletes)
     * @param approximate true when the SQL could not express the exact set (the count is then a bound)
     */
    public record Item(ItemKind kind, TableId table, int depth, List<TableId> path, List<ForeignKey> keys,
                       boolean approximate) {
        public Item {
            path = List.copyOf(path);
            keys = List.copyOf(keys);
        }
    }
}
