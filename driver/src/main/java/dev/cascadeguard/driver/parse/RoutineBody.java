package dev.cascadeguard.driver.parse;

import java.util.Set;

/**
 * Follows one statement's words to tell whether a {@code ;} there is inside the BEGIN … END body of a CREATE
 * PROCEDURE / FUNCTION / TRIGGER / EVENT (MariaDB's and SQLite's compound statements, PostgreSQL's BEGIN ATOMIC):
 * the server takes such a body, semicolons and all, as one statement. Blocks are counted as the server counts them:
 * BEGIN and CASE open one, END (and END CASE) closes it, END IF / LOOP / WHILE / REPEAT / FOR close other
 * constructs. The driver's {@link SqlParser} and the CLI's script splitter feed it, so both split alike.
 * <p>
 * Whether an END closes a block depends on the word after it, so an END stays pending until the next word
 * ({@link #word}) or the next code that is not a word ({@link #nonWord}: a {@code ;}, a parenthesis, the end).
 */
public final class RoutineBody {

    /** What a routine's body may say after END without closing a BEGIN … END block (END IF, END LOOP …). */
    private static final Set<String> END_OF_OTHER_BLOCKS = Set.of("IF", "LOOP", "WHILE", "REPEAT", "FOR");
    /** Objects whose CREATE may carry a BEGIN … END body with semicolons in it (MariaDB, SQLite, PostgreSQL). */
    private static final Set<String> ROUTINES = Set.of("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT");

    private String firstWord;
    private boolean createsRoutine;
    private int blocks;
    private boolean pendingEnd;

    /** The next word of the statement, in upper case. */
    public void word(String word) {
        if (pendingEnd) {
            settleEnd(word);
            if (word.equals("CASE")) {
                return; // END CASE: the CASE closes, it opens nothing
            }
        }
        if (firstWord == null) {
            firstWord = word;
        } else if (blocks == 0 && ROUTINES.contains(word) && firstWord.equals("CREATE")) {
            createsRoutine = true;
        } else if (createsRoutine && (word.equals("BEGIN") || word.equals("CASE") && blocks > 0)) {
            blocks++;
        } else if (createsRoutine && word.equals("END") && blocks > 0) {
            pendingEnd = true;
        }
    }

    /** Code that is not a word comes next (or the text ends): a pending END closes its block. */
    public void nonWord() {
        settleEnd(null);
    }

    /** True while the words so far leave an open block: a {@code ;} here belongs to the body. */
    public boolean open() {
        return blocks > 0;
    }

    /** The statement ended: the next word starts a new one. */
    public void reset() {
        firstWord = null;
        createsRoutine = false;
        blocks = 0;
        pendingEnd = false;
    }

    private void settleEnd(String next) {
        if (pendingEnd) {
            pendingEnd = false;
            if (next == null || !END_OF_OTHER_BLOCKS.contains(next)) {
                blocks--;
            }
        }
    }
}
