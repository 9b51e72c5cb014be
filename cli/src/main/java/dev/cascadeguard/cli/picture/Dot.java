package dev.cascadeguard.cli.picture;

/** A {@link Picture} as a Graphviz digraph, for {@code dot -Tsvg}. */
public final class Dot {

    private Dot() {
    }

    public static String render(Picture picture) {
        StringBuilder out = new StringBuilder("digraph cascade {\n")
                .append("  label=").append(quote(picture.title())).append(";\n")
                .append("  labelloc=t;\n  rankdir=LR;\n  fontname=\"Helvetica\";\n")
                .append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n")
                .append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Picture.Node node : picture.nodes()) {
            out.append("  ").append(node.id()).append(" [label=")
                    .append(quote(String.join("\n", node.lines()))).append(", ").append(nodeStyle(node.style()))
                    .append("];\n");
        }
        for (Picture.Edge edge : picture.edges()) {
            out.append("  ").append(edge.from()).append(" -> ").append(edge.to()).append(" [label=")
                    .append(quote(edge.label()))
                    .append(edge.style() == Picture.Style.WOULD_FAIL ? ", style=dashed, color=\"#495057\"" : "")
                    .append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String nodeStyle(Picture.Style style) {
        return switch (style) {
            case ROOT -> "fillcolor=\"#dbe9ff\", color=\"#1f5fbf\", penwidth=2";
            case DELETED -> "fillcolor=\"#ffe3e3\", color=\"#c92a2a\"";
            case CHANGED -> "fillcolor=\"#fff3bf\", color=\"#e67700\"";
            case WOULD_FAIL -> "fillcolor=\"#f1f3f5\", color=\"#495057\", style=\"rounded,filled,dashed\"";
            case PROTECTED -> "fillcolor=\"#c92a2a\", color=\"#5c0000\", fontcolor=\"#ffffff\", penwidth=3, "
                    + "peripheries=2";
        };
    }

    /** A DOT string: quotes and backslashes escaped, line breaks as \n. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
