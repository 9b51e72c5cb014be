package dev.cascadeguard.driver.dialect;

/**
 * Where databases that look alike process a delete differently. Every value here is checked against the real
 * server by a test on each database.
 *
 * @param restrictSeesCascadeDeletes  true when a RESTRICT reference does not fail if the same statement's cascade
 *                                    also deletes the referencing row
 * @param noActionSeesCascadeDeletes  the same for NO ACTION (PostgreSQL checks it at the end of the statement)
 */
public record CascadeSemantics(boolean restrictSeesCascadeDeletes, boolean noActionSeesCascadeDeletes) {
}
