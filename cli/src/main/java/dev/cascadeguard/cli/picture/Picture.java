package dev.cascadeguard.cli.picture;

import java.util.ArrayList;
import java.util.List;

/**
 * A cascade as a graph to draw: boxes for tables, arrows from parent to child labelled with rows. Written out by
 * {@link Mermaid} (GitHub renders it in Markdown) and {@link Dot} (Graphviz).
 */
public final class Picture {

    /** How a box or arrow is drawn. */
    public enum Style {
        /** Where the delete starts. */
        ROOT,
        /** Rows deleted. */
        DELETED,
        /** Rows kept but changed (SET NULL, SET DEFAULT, UPDATE). */
        CHANGED,
        /** A reference that makes the delete fail (RESTRICT, NO ACTION). */
        WOULD_FAIL,
        /** A table the rules protect (blockAbove=0). */
        PROTECTED
    }

    /** A box; {@code lines} are shown one under the other, the first being the table name. */
    public record Node(String id, List<String> lines, Style style) {
        public Node {
            lines = List.copyOf(lines);
        }
    }

    /** An arrow from parent to child. */
    public record Edge(String from, String to, String label, Style style) {
    }

    private final String title;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();

    public Picture(String title) {
        this.title = title;
    }

    /** Adds a box and returns its id. */
    public String node(List<String> lines, Style style) {
        String id = "n" + nodes.size();
        nodes.add(new Node(id, lines, style));
        return id;
    }

    public void edge(String from, String to, String label, Style style) {
        edges.add(new Edge(from, to, label, style));
    }

    public String title() {
        return title;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public List<Edge> edges() {
        return List.copyOf(edges);
    }
}
