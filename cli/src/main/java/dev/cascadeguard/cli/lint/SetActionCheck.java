package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.ColumnInfo;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * ON DELETE SET NULL and SET DEFAULT that cannot do what they say: SET NULL on a NOT NULL column (every delete of a
 * referenced parent fails), SET NULL on a column another key references (those rows lose their parent), SET DEFAULT
 * on a column without a default (H2 fails, the others write NULL), and SET DEFAULT whose default names no parent row
 * (PostgreSQL, SQLite and MariaDB fail the delete; H2 does not check and leaves an orphan).
 */
final class SetActionCheck implements Check {

    @Override
    public List<Finding> run(SchemaFacts facts, List<CascadeNode> trees) {
        List<Finding> findings = new ArrayList<>();
        for (ForeignKey fk : facts.foreignKeys()) {
            if (fk.onDelete() == FkAction.SET_NULL) {
                setNull(facts, fk, findings);
            } else if (fk.onDelete() == FkAction.SET_DEFAULT) {
                setDefault(facts, fk, findings);
            }
        }
        return findings;
    }

    private static void setNull(SchemaFacts facts, ForeignKey fk, List<Finding> findings) {
        for (String column : fk.setColumns()) {
            ColumnInfo info = column(facts, fk, column);
            String where = facts.name(fk.child()) + "." + column;
            if (info != null && !info.nullable()) {
                findings.add(Finding.of(Kind.SET_NULL_NOT_NULL, tables(facts, fk), List.of(fk.name()),
                        fk.name() + " is ON DELETE SET NULL but " + where + " is NOT NULL: deleting a referenced row of "
                                + facts.name(fk.parent()) + " fails"));
            }
            for (ForeignKey other : facts.graph().referencing(fk.child())) {
                if (other.parentColumns().stream().anyMatch(c -> facts.sameColumn(c, column))) {
                    findings.add(Finding.of(Kind.SET_NULL_REFERENCED_COLUMN,
                            List.of(facts.name(fk.parent()), facts.name(fk.child()), facts.name(other.child())),
                            List.of(fk.name(), other.name()),
                            fk.name() + " sets " + where + " to NULL, and " + other.name() + " from "
                                    + facts.name(other.child()) + " references that column: its rows are cut loose"));
                }
            }
        }
    }

    private static void setDefault(SchemaFacts facts, ForeignKey fk, List<Finding> findings) {
        for (String column : fk.setColumns()) {
            ColumnInfo info = column(facts, fk, column);
            String where = facts.name(fk.child()) + "." + column;
            if (info == null || info.defaultValue() != null) {
                continue;
            }
            if (facts.semantics().setDefaultNeedsDefault()) {
                findings.add(Finding.of(Kind.SET_DEFAULT_NO_DEFAULT, tables(facts, fk), List.of(fk.name()),
                        fk.name() + " is ON DELETE SET DEFAULT but " + where + " has no default: " + facts.database()
                                + " fails the delete").withSeverity(Severity.ERROR));
            } else if (!info.nullable()) {
                findings.add(Finding.of(Kind.SET_DEFAULT_NO_DEFAULT, tables(facts, fk), List.of(fk.name()),
                        fk.name() + " is ON DELETE SET DEFAULT but " + where + " has no default and is NOT NULL: "
                                + "the delete fails").withSeverity(Severity.ERROR));
            } else {
                findings.add(Finding.of(Kind.SET_DEFAULT_NO_DEFAULT, tables(facts, fk), List.of(fk.name()),
                        fk.name() + " is ON DELETE SET DEFAULT but " + where + " has no default: it writes NULL "
                                + "(SET NULL in disguise)"));
            }
        }
        Boolean parentExists = facts.defaultParents().get(fk);
        if (Boolean.FALSE.equals(parentExists)) {
            String outcome = facts.semantics().setDefaultChecksParent()
                    ? "deleting a referenced row of " + facts.name(fk.parent()) + " fails"
                    : facts.database() + " does not check it: the rows are left pointing at nothing";
            findings.add(Finding.of(Kind.SET_DEFAULT_NO_PARENT, tables(facts, fk), List.of(fk.name()),
                    fk.name() + " sets " + facts.name(fk.child()) + "." + String.join(", ", fk.setColumns())
                            + " to its default, which no row of " + facts.name(fk.parent()) + " has: " + outcome));
        }
    }

    private static List<String> tables(SchemaFacts facts, ForeignKey fk) {
        return List.of(facts.name(fk.parent()), facts.name(fk.child()));
    }

    private static ColumnInfo column(SchemaFacts facts, ForeignKey fk, String column) {
        TableInfo child = facts.graph().table(fk.child());
        if (child == null) {
            return null;
        }
        ColumnInfo exact = child.columns().get(column);
        if (exact != null || !facts.columnsIgnoreCase()) {
            return exact;
        }
        return child.columns().values().stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst()
                .orElse(null);
    }
}
