package dev.cascadeguard.driver.plan;

import java.util.List;

/**
 * What deleting rows of one table sets in motion, before any row is counted: the tables that lose rows (in an
 * order where every table comes after the tables whose deletes reach it, cycles aside), and the foreign keys that
 * set columns or refuse the delete.
 *
 * @param target       the table the statement deletes from
 * @param deletes      every table that may lose rows, the target first
 * @param sideEffects  SET NULL, SET DEFAULT, RESTRICT and NO ACTION keys whose parent may lose rows
 * @param enforced     false when the connection enforces no foreign keys (nothing cascades, nothing fails)
 */
public record CascadePlan(TableId target, List<DeleteNode> deletes, List<SideEffect> sideEffects, boolean enforced) {

    public CascadePlan {
        deletes = List.copyOf(deletes);
        sideEffects = List.copyOf(sideEffects);
    }

    public DeleteNode node(TableId table) {
        for (DeleteNode n : deletes) {
            if (n.table().equals(table)) {
                return n;
            }
        }
        return null;
    }

    /**
     * A table that may lose rows.
     *
     * @param table     the table
     * @param depth     foreign-key hops from the target along the shortest cascade path
     * @param path      the tables along that path, target first, this table last
     * @param incoming  CASCADE keys from other deleted tables into this one (self-references excluded)
     * @param selfLoops CASCADE keys from this table to itself (a tree: deletes recurse)
     * @param cycle     the group of tables that cascade into each other through other tables, or an empty list
     */
    public record DeleteNode(TableId table, int depth, List<TableId> path, List<ForeignKey> incoming,
                             List<ForeignKey> selfLoops, List<TableId> cycle) {
        public DeleteNode {
            path = List.copyOf(path);
            incoming = List.copyOf(incoming);
            selfLoops = List.copyOf(selfLoops);
            cycle = List.copyOf(cycle);
        }
    }

    /**
     * A foreign key that does not delete but changes or refuses.
     *
     * @param key the foreign key; its parent is a deleted table
     */
    public record SideEffect(ForeignKey key) {
        public FkAction action() {
            return key.onDelete();
        }
    }
}
