package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.testdb.TestDatabase;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The small schema every dialect test loads: a composite key referenced in a column order different from the
 * parent's, a key to a UNIQUE column, every ON DELETE action from one child to one parent (two or more keys to
 * the same parent), a self-reference, a quoted mixed-case table, a delete trigger, and a NOT NULL referencing
 * column with a default.
 */
final class FixtureSchema {

    private FixtureSchema() {
    }

    static String[] ddl(TestDatabase db) {
        char q = db == TestDatabase.MARIADB ? '`' : '"';
        String anotherUser = q + "AnotherUser" + q;
        return new String[] {
            "create table parent_key (a int not null, b int not null, code varchar(20) unique, primary key (a, b))",
            // InnoDB needs an index whose leading columns are the referenced ones in the key's order
            "create index parent_key_ba on parent_key (b, a)",
            "create table composite_child (id int primary key, x_b int, x_a int,"
                    + " constraint composite_fk foreign key (x_b, x_a) references parent_key (b, a) on delete cascade)",
            "create table unique_child (id int primary key, code varchar(20),"
                    + " constraint unique_fk foreign key (code) references parent_key (code) on delete set null)",
            "create table account (id int primary key)",
            "create table actions (id int primary key,"
                    + " cascade_id int, set_null_id int, set_default_id int default 0 not null, restrict_id int,"
                    + " no_action_id int, bare_id int,"
                    + " constraint a_cascade foreign key (cascade_id) references account (id) on delete cascade,"
                    + " constraint a_set_null foreign key (set_null_id) references account (id) on delete set null,"
                    + " constraint a_set_default foreign key (set_default_id) references account (id) on delete set default,"
                    + " constraint a_restrict foreign key (restrict_id) references account (id) on delete restrict,"
                    + " constraint a_no_action foreign key (no_action_id) references account (id) on delete no action,"
                    + " constraint a_bare foreign key (bare_id) references account (id))",
            "create table tree (id int primary key, parent_id int,"
                    + " constraint tree_fk foreign key (parent_id) references tree (id) on delete cascade)",
            "create table " + anotherUser + " (id int primary key)",
            "create table note (id int primary key, user_id int not null,"
                    + " constraint note_fk foreign key (user_id) references " + anotherUser + " (id) on delete cascade)",
            deleteTrigger(db),
        };
    }

    private static String deleteTrigger(TestDatabase db) {
        return switch (db) {
            case POSTGRES -> "create function account_deleted() returns trigger language plpgsql as"
                    + " $$ begin return old; end $$;"
                    + " create trigger account_delete before delete on account for each row"
                    + " execute function account_deleted()";
            case H2 -> "create trigger account_delete before delete on account for each row call '"
                    + NoOpH2Trigger.class.getName() + "'";
            case MARIADB -> "create trigger account_delete before delete on account for each row set @deleted = 1";
            case SQLITE -> "create trigger account_delete before delete on account begin select 1; end";
            case HSQLDB -> "create trigger account_delete before delete on account referencing old row as o"
                    + " for each row begin atomic declare x int; set x = o.id; end";
        };
    }

    /**
     * The edges the fixture declares, as "child(cols) -> parent(cols) ACTION", lower case except AnotherUser.
     * The arguments are the actions the database records for ON DELETE SET DEFAULT, for ON DELETE NO ACTION and
     * for a key without ON DELETE clause.
     */
    static Set<String> expectedEdges(String setDefault, String noAction, String bare) {
        return expectedEdges(setDefault, noAction, bare, "RESTRICT");
    }

    /** As above, with the action the database records for ON DELETE RESTRICT (HSQLDB: NO_ACTION). */
    static Set<String> expectedEdges(String setDefault, String noAction, String bare, String restrict) {
        return new TreeSet<>(List.of(
                "composite_child(x_b,x_a) -> parent_key(b,a) CASCADE",
                "unique_child(code) -> parent_key(code) SET_NULL",
                "actions(cascade_id) -> account(id) CASCADE",
                "actions(set_null_id) -> account(id) SET_NULL",
                "actions(set_default_id) -> account(id) " + setDefault,
                "actions(restrict_id) -> account(id) " + restrict,
                "actions(no_action_id) -> account(id) " + noAction,
                "actions(bare_id) -> account(id) " + bare,
                "tree(parent_id) -> tree(id) CASCADE",
                "note(user_id) -> AnotherUser(id) CASCADE"));
    }

    static final Set<String> TABLES =
            Set.of("parent_key", "composite_child", "unique_child", "account", "actions", "tree", "AnotherUser", "note");

    /** Every edge of the graph, names lower-cased except mixed-case ones, so H2's upper case compares too. */
    static Set<String> edges(FkGraph graph) {
        return graph.tables().stream()
                .flatMap(t -> graph.referencing(t.id()).stream())
                .map(FixtureSchema::edge)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String edge(ForeignKey fk) {
        return plain(fk.child().name()) + "(" + plainColumns(fk.childColumns()) + ") -> "
                + plain(fk.parent().name()) + "(" + plainColumns(fk.parentColumns()) + ") " + fk.onDelete();
    }

    static Set<String> tableNames(FkGraph graph) {
        return graph.tables().stream().map(t -> plain(t.id().name())).collect(Collectors.toSet());
    }

    static ForeignKey key(FkGraph graph, String parentName, String childColumn) {
        return graph.tables().stream()
                .filter(t -> plain(t.id().name()).equals(parentName))
                .flatMap(t -> graph.referencing(t.id()).stream())
                .filter(fk -> plain(fk.childColumns().get(0)).equals(childColumn))
                .findFirst().orElseThrow(() -> new AssertionError("no key " + childColumn + " -> " + parentName));
    }

    static TableId table(FkGraph graph, String plainName) {
        return graph.tables().stream().map(t -> t.id()).filter(id -> plain(id.name()).equals(plainName))
                .findFirst().orElseThrow(() -> new AssertionError("no table " + plainName));
    }

    /** H2 stores unquoted names in upper case; the fixture's only mixed-case name is AnotherUser. */
    static String plain(String catalogName) {
        return catalogName.equals("AnotherUser") ? catalogName : catalogName.toLowerCase(Locale.ROOT);
    }

    private static String plainColumns(List<String> columns) {
        return columns.stream().map(FixtureSchema::plain).collect(Collectors.joining(","));
    }
}
