package dev.cascadeguard.driver.plan;

/**
 * What the planner needs to know of a referencing column.
 *
 * @param name          the column name in the catalog's case
 * @param nullable      false when SET NULL on it must fail
 * @param defaultValue  the column default as the catalog writes it (an SQL expression), or null for none
 */
public record ColumnInfo(String name, boolean nullable, String defaultValue) {
}
