package dev.cascadeguard.cli.lint;

import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;

import java.util.List;

/**
 * One table in the tree of what deleting one row of a root table does.
 *
 * @param table       the table
 * @param via         the foreign key from the parent node, null at the root
 * @param action      what happens to this table's rows: CASCADE (deleted), SET_NULL, SET_DEFAULT, or RESTRICT /
 *                    NO_ACTION (the delete fails when such a row exists)
 * @param depth       0 at the root
 * @param rowsPerRoot the estimated rows of this table reached from one root row (children per parent row, multiplied
 *                    down the path)
 * @param rowsUpTo    the same along the heaviest parents where statistics name them (PostgreSQL's most common values),
 *                    else equal to {@code rowsPerRoot}: what the heaviest root row may take
 * @param repeat      true when this table is already expanded elsewhere in the same tree (shown, not expanded again)
 * @param cycle       true when the key leads back to a table on the path (a self-reference or a cycle)
 * @param protectedBy the {@code guard.table.X.blockAbove=0} key protecting this table, or null
 * @param children    what this table's rows reach in turn (only CASCADE nodes have children)
 */
public record CascadeNode(TableId table, ForeignKey via, FkAction action, int depth, double rowsPerRoot,
                          double rowsUpTo, boolean repeat, boolean cycle, String protectedBy, List<CascadeNode> children) {
    public CascadeNode {
        children = List.copyOf(children);
    }

    /** True when statistics make the heaviest root row noticeably heavier than the average one. */
    public boolean heavierThanAverage() {
        return rowsUpTo > rowsPerRoot * 1.05 + 0.5;
    }

    public boolean deletes() {
        return action == FkAction.CASCADE;
    }

    /** A RESTRICT / NO ACTION reference: the root's delete fails if such a row exists. */
    public boolean wouldFail() {
        return action == FkAction.RESTRICT || action == FkAction.NO_ACTION;
    }

    /** Every node of this subtree, this one first (depth-first). */
    public List<CascadeNode> all() {
        List<CascadeNode> nodes = new java.util.ArrayList<>();
        collect(this, nodes);
        return nodes;
    }

    private static void collect(CascadeNode node, List<CascadeNode> into) {
        into.add(node);
        node.children.forEach(c -> collect(c, into));
    }

    /** The deepest level at which rows are deleted. */
    public int deleteDepth() {
        return all().stream().filter(n -> n.action == FkAction.CASCADE).mapToInt(CascadeNode::depth).max().orElse(0);
    }
}
