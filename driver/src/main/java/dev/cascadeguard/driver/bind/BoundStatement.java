package dev.cascadeguard.driver.bind;

import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.plan.TableId;

import java.util.List;

/**
 * A destructive statement whose table names are bound to catalog tables: what the estimator counts. Every name
 * resolved, so the estimator never looks a name up and never has to ask for a retry. One parsed statement may
 * bind to several (a DROP of shared and temporary tables is counted on two graphs).
 */
public sealed interface BoundStatement {

    /** The statement as counted (a DROP's may name fewer tables than the statement as written). */
    ParsedStatement.Destructive statement();

    /** Notes the binding adds to every report of the statement (what was left out and why). */
    List<String> notes();

    /**
     * @param targets     the table of each of the statement's targets, in the same order
     * @param throughView the statement as written when it deletes through a view ({@code statement} is then the
     *                    DELETE of the base table's rows it stands for); null for a DELETE of tables
     */
    record Delete(ParsedStatement.Delete statement, List<TableId> targets, Scope scope, List<String> notes,
                  ParsedStatement.Delete throughView) implements BoundStatement {
        public Delete {
            targets = List.copyOf(targets);
            notes = List.copyOf(notes);
        }

        public Delete(ParsedStatement.Delete statement, List<TableId> targets, Scope scope, List<String> notes) {
            this(statement, targets, scope, notes, null);
        }
    }

    /** A REPLACE of rows of {@code table}: it deletes the rows its new rows conflict with. */
    record Replace(ParsedStatement.Replace statement, TableId table, Scope scope, List<String> notes)
            implements BoundStatement {
        public Replace {
            notes = List.copyOf(notes);
        }
    }

    record Update(ParsedStatement.Update statement, TableId target, Scope scope, List<String> notes)
            implements BoundStatement {
        public Update {
            notes = List.copyOf(notes);
        }
    }

    record Truncate(ParsedStatement.Truncate statement, List<TableId> tables, Scope scope, List<String> notes)
            implements BoundStatement {
        public Truncate {
            tables = List.copyOf(tables);
            notes = List.copyOf(notes);
        }
    }

    record DropColumns(ParsedStatement.DropColumns statement, TableId table, Scope scope, List<String> notes)
            implements BoundStatement {
        public DropColumns {
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param tables the tables the DROP takes whole by name: those a DROP TABLE names (in its order), every table of
     *               a dropped schema or database; empty for objects that hold no rows of their own (what those take
     *               with them is the database's to say, when counting)
     */
    record Drop(ParsedStatement.Drop statement, List<TableId> tables, Scope scope, List<String> notes)
            implements BoundStatement {
        public Drop {
            tables = List.copyOf(tables);
            notes = List.copyOf(notes);
        }
    }

    /** A DROP TABLE ... IF EXISTS whose every name is absent: nothing to count, and the notes say so. */
    record NothingToDrop(ParsedStatement.Drop statement, List<String> notes) implements BoundStatement {
        public NothingToDrop {
            notes = List.copyOf(notes);
        }
    }
}
