package dev.cascadeguard.render;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.Assessment;
import dev.cascadeguard.rules.Decision;
import dev.cascadeguard.rules.GuardReport;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as people read it: the tables as a tree along the cascade, with rows and action, then the total,
 * what would make the statement fail, the notes and the decision. Plain text; colour is the caller's business.
 *
 * <pre>
 * DELETE FROM organizations WHERE name = 'test-org'
 * organizations             1 row   DELETE
 * └─ users                 40 rows  DELETE
 *    └─ orders          1,600 rows  DELETE
 *       ├─ order_items  6,400 rows  DELETE
 *       └─ invoices     1,600 rows  DELETE
 * total: 9,641 rows
 * decision: CONFIRM — 9,641 rows &gt; guard.confirmAbove (1,000)
 * </pre>
 * Counts read {@code ≥ 1,001} when counting stopped at the cap and
 * {@code ~1,600} when they are estimates.
 */
public final class ReportText {

    private ReportText() {
    }

    private record Node(TableEffect effect, List<Node> children) {
    }

    private record Line(String label, String count, String unit, String action) {
    }

    public static String render(CascadeReport report) {
        return render(report, null);
    }

    /** The report, then the decision and its reasons when one is given. Every line ends with a newline. */
    public static String render(CascadeReport report, Decision decisionOrNull) {
        StringBuilder out = new StringBuilder();
        body(report, out);
        if (decisionOrNull != null) {
            decision(decisionOrNull, out);
        }
        return out.toString();
    }

    /** Every statement of a batch in turn, those that could not be checked with why, then the one decision. */
    public static String render(GuardReport guardReport) {
        StringBuilder out = new StringBuilder();
        for (Assessment a : guardReport.assessments()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (a instanceof Assessment.Estimated estimated) {
                body(estimated.report(), out);
            } else if (a instanceof Assessment.Unverifiable u) {
                out.append(u.sql().strip()).append('\n').append("not checked: ").append(u.problem()).append('\n');
            }
        }
        decision(guardReport.decision(), out);
        return out.toString();
    }

    private static void body(CascadeReport report, StringBuilder out) {
        out.append(report.sql().strip()).append('\n');
        if (report.kind() == dev.cascadeguard.report.StatementKind.REPLACE) {
            replaceSummary(report, out);
        }
        List<Line> lines = new ArrayList<>();
        for (Node root : tree(report.effects())) {
            walk(root, "", "", lines);
        }
        table(lines, out);

        long total = 0;
        boolean exact = true;
        boolean capped = false;
        for (TableEffect e : report.effects()) {
            if (e.action().changesRows()) {
                total += e.rows();
                exact &= e.exact();
                capped |= e.capped();
            }
        }
        if (report.effects().isEmpty()) {
            // nothing was counted because nothing holds rows (a view, an index, a table that is not there):
            // the notes say which, rather than a "0 rows" that reads like a count
            out.append("total: no rows destroyed\n");
        } else {
            out.append("total: ").append(count(total, exact, capped)).append(' ').append(unit(total, capped))
                    .append('\n');
        }

        for (TableEffect e : report.effects()) {
            if (e.action() == EffectAction.RESTRICT && e.rows() > 0) {
                String referenced = e.path().size() >= 2 ? e.path().get(e.path().size() - 2) : report.target();
                out.append("would fail: ").append(count(e.rows(), e.exact(), e.capped())).append(' ')
                        .append(unit(e.rows(), e.capped())).append(" in ").append(e.table())
                        .append(e.rows() == 1 && !e.capped() ? " still references " : " still reference ")
                        .append(referenced).append(" (RESTRICT)\n");
            }
        }
        for (String note : report.notes()) {
            out.append("note: ").append(note).append('\n');
        }
    }

    /**
     * A REPLACE does not say DELETE, so the first line says what it deletes: "REPLACE removes 1 row in orgs, which
     * cascades to 3 rows in users, items".
     */
    private static void replaceSummary(CascadeReport report, StringBuilder out) {
        long own = 0;
        long below = 0;
        boolean exact = true;
        boolean capped = false;
        List<String> tables = new ArrayList<>();
        for (TableEffect e : report.effects()) {
            if (!e.action().changesRows()) {
                continue;
            }
            exact &= e.exact();
            capped |= e.capped();
            if (e.depth() == 0) {
                own += e.rows();
            } else if (e.rows() > 0) {
                below += e.rows();
                if (!tables.contains(e.table())) {
                    tables.add(e.table());
                }
            }
        }
        if (own == 0 && below == 0) {
            out.append("REPLACE removes no existing row in ").append(report.target()).append('\n');
            return;
        }
        out.append("REPLACE removes ").append(count(own, exact, capped)).append(' ').append(unit(own, capped))
                .append(" in ").append(report.target());
        if (below > 0) {
            out.append(", which cascades to ").append(count(below, exact, capped)).append(' ')
                    .append(unit(below, capped)).append(" in ").append(String.join(", ", tables));
        }
        out.append('\n');
    }

    private static void decision(Decision d, StringBuilder out) {
        String head = "decision: " + d.action();
        out.append(head);
        List<String> reasons = d.reasons();
        if (!reasons.isEmpty()) {
            head += " — ";
            out.append(" — ").append(reasons.get(0));
        }
        out.append('\n');
        String indent = " ".repeat(head.length());
        for (String reason : reasons.subList(Math.min(1, reasons.size()), reasons.size())) {
            out.append(indent).append(reason).append('\n');
        }
    }

    /**
     * Each effect hangs under the effect of the table before it on its path. When a table appears more than
     * once (DELETE and SET NULL, say), the DELETE one a level up is chosen, since only deleted rows cascade on.
     * A parent must be shallower, which keeps odd input from forming a cycle; an effect with none is a root.
     */
    private static List<Node> tree(List<TableEffect> effects) {
        List<Node> nodes = new ArrayList<>();
        effects.forEach(e -> nodes.add(new Node(e, new ArrayList<>())));
        List<Node> roots = new ArrayList<>();
        for (Node node : nodes) {
            TableEffect e = node.effect();
            Node parent = null;
            int best = -1;
            if (e.depth() > 0 && e.path().size() >= 2) {
                String parentTable = e.path().get(e.path().size() - 2);
                for (Node candidate : nodes) {
                    TableEffect c = candidate.effect();
                    if (candidate == node || c.depth() >= e.depth() || !c.table().equalsIgnoreCase(parentTable)) {
                        continue;
                    }
                    int score = (c.depth() == e.depth() - 1 ? 2 : 0) + (c.action() == EffectAction.DELETE ? 1 : 0);
                    if (score > best) {
                        best = score;
                        parent = candidate;
                    }
                }
            }
            (parent == null ? roots : parent.children()).add(node);
        }
        return roots;
    }

    private static void walk(Node node, String label, String childPrefix, List<Line> lines) {
        TableEffect e = node.effect();
        lines.add(new Line(label + e.table(), count(e.rows(), e.exact(), e.capped()), unit(e.rows(), e.capped()),
                e.action().name().replace('_', ' ')));
        List<Node> children = node.children();
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            walk(children.get(i), childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "), lines);
        }
    }

    private static void table(List<Line> lines, StringBuilder out) {
        int labelWidth = 0;
        int countWidth = 0;
        for (Line l : lines) {
            labelWidth = Math.max(labelWidth, width(l.label()));
            countWidth = Math.max(countWidth, width(l.count()));
        }
        for (Line l : lines) {
            out.append(l.label()).append(" ".repeat(labelWidth - width(l.label()) + 2))
                    .append(" ".repeat(countWidth - width(l.count()))).append(l.count())
                    .append(' ').append(l.unit()).append(" ".repeat(4 - l.unit().length() + 2))
                    .append(l.action()).append('\n');
        }
    }

    private static String count(long rows, boolean exact, boolean capped) {
        if (capped) {
            return "≥ " + RowFormat.count(rows);
        }
        return (exact ? "" : "~") + RowFormat.count(rows);
    }

    private static String unit(long rows, boolean capped) {
        return rows == 1 && !capped ? "row" : "rows";
    }

    /** Columns on a terminal: one per code point, which holds for the box-drawing characters and most names. */
    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
