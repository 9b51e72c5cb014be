package dev.cascadeguard.driver.plan;

import java.util.List;
import java.util.Objects;

/**
 * One declared foreign key: rows of {@code child} reference rows of {@code parent}.
 *
 * @param name              the constraint name
 * @param child             the referencing table
 * @param childColumns      referencing columns, in key order (composite keys in order)
 * @param parent            the referenced table
 * @param parentColumns     referenced columns (a primary or unique key), matching {@code childColumns} one to one
 * @param onDelete          what deleting a parent row does to referencing rows
 * @param deferrable        PostgreSQL's DEFERRABLE
 * @param initiallyDeferred PostgreSQL's INITIALLY DEFERRED
 * @param setColumns        the columns SET NULL / SET DEFAULT changes (PostgreSQL 15+ may name a subset);
 *                          equal to {@code childColumns} otherwise
 * @param processingOrder   where the database handles this key among the keys referencing the same parent table
 *                          when it deletes a parent row: keys run in ascending (ASCII) order of this text.
 *                          PostgreSQL: the name of the key's ON DELETE trigger; InnoDB: "database/constraint";
 *                          SQLite: newest table first, then pragma id. Null where it is not known (H2), so no
 *                          prediction depends on it
 * @param onUpdate          what changing a referenced key value of a parent row does to referencing rows (an
 *                          UPDATE of the parent key); NO ACTION where the catalog does not say
 */
public record ForeignKey(String name, TableId child, List<String> childColumns, TableId parent,
                         List<String> parentColumns, FkAction onDelete, boolean deferrable, boolean initiallyDeferred,
                         List<String> setColumns, String processingOrder, FkAction onUpdate) {

    /** A key whose ON UPDATE rule is not known: NO ACTION, what every database does without a clause. */
    public ForeignKey(String name, TableId child, List<String> childColumns, TableId parent,
                      List<String> parentColumns, FkAction onDelete, boolean deferrable, boolean initiallyDeferred,
                      List<String> setColumns, String processingOrder) {
        this(name, child, childColumns, parent, parentColumns, onDelete, deferrable, initiallyDeferred, setColumns,
                processingOrder, FkAction.NO_ACTION);
    }

    /** A key whose processing order is not known. */
    public ForeignKey(String name, TableId child, List<String> childColumns, TableId parent,
                      List<String> parentColumns, FkAction onDelete, boolean deferrable, boolean initiallyDeferred,
                      List<String> setColumns) {
        this(name, child, childColumns, parent, parentColumns, onDelete, deferrable, initiallyDeferred, setColumns,
                null);
    }

    public ForeignKey {
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(onDelete, "onDelete");
        onUpdate = onUpdate == null ? FkAction.NO_ACTION : onUpdate;
        childColumns = List.copyOf(childColumns);
        parentColumns = List.copyOf(parentColumns);
        setColumns = setColumns == null || setColumns.isEmpty() ? childColumns : List.copyOf(setColumns);
        if (childColumns.size() != parentColumns.size() || childColumns.isEmpty()) {
            throw new IllegalArgumentException("foreign key " + name + " has " + childColumns.size()
                    + " referencing and " + parentColumns.size() + " referenced columns");
        }
    }

    public boolean selfReference() {
        return child.equals(parent);
    }
}
